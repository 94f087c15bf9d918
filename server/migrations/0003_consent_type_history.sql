-- Evidence of what each consent text said and when: a snapshot of a consent type (its
-- versions and their localized texts) after every create and change, append-only like
-- consent_history. The shared trigger function now names the table it protects.
CREATE OR REPLACE FUNCTION consent_history_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TABLE consent_type_history (
  tenant      text        NOT NULL,
  entry_id    bigint      GENERATED ALWAYS AS IDENTITY,
  type_id     integer     NOT NULL,
  action      text        NOT NULL CHECK (action IN ('create', 'update')),
  snapshot    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  recorded_by text        NOT NULL DEFAULT '',
  request_id  text        NOT NULL DEFAULT '',
  PRIMARY KEY (tenant, entry_id)
);
CREATE INDEX consent_type_history_by_type
  ON consent_type_history (tenant, type_id, entry_id DESC);
CREATE TRIGGER consent_type_history_append_only BEFORE UPDATE OR DELETE ON consent_type_history
  FOR EACH ROW EXECUTE FUNCTION consent_history_is_append_only();
