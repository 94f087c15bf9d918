-- The transaction SetPersonConsent runs (server/persons/person_service.cc), on the server's
-- own tables under tenant 'pgbench': lock the person, upsert its consent, append history.
-- Each person's status flips between granted and refused at random.
\set pid random(:minid, :maxid)
\set flip random(0, 1)
BEGIN;
SELECT person_id, first_name, last_name, email, version FROM persons
  WHERE tenant = 'pgbench' AND person_id = :pid AND deleted_at IS NULL FOR UPDATE;
INSERT INTO person_data_consents (tenant, person_id, status, medium, description, recorded_at)
  VALUES ('pgbench', :pid, CASE WHEN :flip::int = 1 THEN 'granted' ELSE 'refused' END, 'email',
          'consent-loadgen', clock_timestamp())
  ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status, medium = EXCLUDED.medium,
  description = EXCLUDED.description, recorded_at = EXCLUDED.recorded_at RETURNING rfc3339(recorded_at);
INSERT INTO consent_history (tenant, person_id, kind, action, snapshot, recorded_by, request_id)
  VALUES ('pgbench', :pid, 'DataConsent', 'set',
          '{"status":"granted","medium":"email","description":"consent-loadgen","recordedAt":"2026-11-22T12:00:00.000000Z"}',
          '', '');
END;
