-- The transaction SetPersonConsent runs, on the same tables (tenant 'pgbench').
\set pid random(:minid, :maxid)
BEGIN;
SELECT person_id, first_name, last_name, email, version FROM persons
  WHERE tenant = 'pgbench' AND person_id = :pid AND deleted_at IS NULL FOR UPDATE;
INSERT INTO person_data_consents (tenant, person_id, status, medium, description, recorded_at)
  VALUES ('pgbench', :pid, 'granted', 'email', '', clock_timestamp())
  ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status, medium = EXCLUDED.medium,
  description = EXCLUDED.description, recorded_at = EXCLUDED.recorded_at RETURNING rfc3339(recorded_at);
INSERT INTO consent_history (tenant, person_id, kind, action, snapshot, recorded_by, request_id)
  VALUES ('pgbench', :pid, 'DataConsent', 'set', '{"status":"granted","medium":"email"}', 'bench', '');
END;
