-- One data-consent decision as the server writes one alone (kRecordDataConsent in
-- server/persons/person_repository.cc), autocommitted, on the server's own tables under tenant
-- 'pgbench': lock the person, upsert its consent, append history. Each person's status flips
-- between granted and refused at random. The server group-commits concurrent decisions (one
-- statement for many); this is the baseline of one decision per transaction.
\set pid random(:minid, :maxid)
\set flip random(0, 1)
WITH person AS (SELECT person_id FROM persons
    WHERE tenant = 'pgbench' AND person_id = :pid AND deleted_at IS NULL FOR UPDATE),
  saved AS (INSERT INTO person_data_consents
      (tenant, person_id, status, medium, description, recorded_at)
    SELECT 'pgbench', person_id, CASE WHEN :flip::int = 1 THEN 'granted' ELSE 'refused' END,
      'email', 'consent-loadgen', clock_timestamp() FROM person
    ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status,
      medium = EXCLUDED.medium, description = EXCLUDED.description,
      recorded_at = EXCLUDED.recorded_at, version = person_data_consents.version + 1
    RETURNING person_id, rfc3339(recorded_at) AS recorded_at, version),
  logged AS (INSERT INTO consent_history
      (tenant, person_id, kind, action, snapshot, recorded_by, request_id)
    SELECT 'pgbench', person_id, 'DataConsent', 'set',
      '{"status":"granted","medium":"email","description":"consent-loadgen","recordedAt":""}'::jsonb
        || jsonb_build_object('recordedAt', recorded_at), '', '' FROM saved)
SELECT recorded_at, version FROM saved;
