-- The statement GetPerson runs (server/persons/person_repository.cc), tenant 'pgbench'.
\set pid random(:minid, :maxid)
SELECT person_id, first_name, last_name, email, version FROM persons
  WHERE tenant = 'pgbench' AND person_id = :pid AND deleted_at IS NULL;
