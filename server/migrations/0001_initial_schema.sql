-- Every table is keyed by tenant first, so a distributed PostgreSQL (e.g. Citus) can
-- shard by tenant and every query filters by it. `version` counts updates and is the ETag.

CREATE TABLE persons (
  tenant      text        NOT NULL,
  person_id   integer     GENERATED ALWAYS AS IDENTITY,
  first_name  text        NOT NULL DEFAULT '',
  last_name   text        NOT NULL DEFAULT '',
  email       text        NOT NULL DEFAULT '',
  version     bigint      NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Persons are soft-deleted: their consent history is legal evidence and stays.
  deleted_at  timestamptz,
  PRIMARY KEY (tenant, person_id)
);

-- The current data-consent decision of a person (the data-consent page); every change is also in consent_history.
CREATE TABLE person_data_consents (
  tenant      text        NOT NULL,
  person_id   integer     NOT NULL,
  status      text        NOT NULL,
  medium      text        NOT NULL DEFAULT '',
  description text        NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, person_id),
  FOREIGN KEY (tenant, person_id) REFERENCES persons (tenant, person_id)
);

-- SuperOffice list items: ConsentPurpose, ConsentSource and LegalBase share one shape.
CREATE TABLE list_items (
  tenant                 text        NOT NULL,
  item_id                integer     GENERATED ALWAYS AS IDENTITY,
  kind                   text        NOT NULL CHECK (kind IN ('ConsentPurpose', 'ConsentSource', 'LegalBase')),
  name                   text        NOT NULL DEFAULT '',
  key                    text        NOT NULL DEFAULT '',
  tooltip                text        NOT NULL DEFAULT '',
  active                 integer     NOT NULL DEFAULT 1,
  deleted                boolean     NOT NULL DEFAULT false,
  rank                   integer     NOT NULL DEFAULT 0,
  consent_text           text        NOT NULL DEFAULT '',
  form_text              text        NOT NULL DEFAULT '',
  privacy_statement_desc text        NOT NULL DEFAULT '',
  privacy_statement_url  text        NOT NULL DEFAULT '',
  mail_template_id       integer     NOT NULL DEFAULT 0,
  updated_at             timestamptz NOT NULL DEFAULT now(),
  updated_by             text        NOT NULL DEFAULT '',
  version                bigint      NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant, item_id)
);
CREATE INDEX list_items_by_kind ON list_items (tenant, kind, item_id);

CREATE TABLE consent_persons (
  tenant            text        NOT NULL,
  consent_person_id integer     GENERATED ALWAYS AS IDENTITY,
  person_id         integer     NOT NULL,
  purpose_id        integer     NOT NULL,
  legal_base_id     integer,
  source_id         integer,
  comment           text        NOT NULL DEFAULT '',
  version           bigint      NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, consent_person_id),
  FOREIGN KEY (tenant, person_id) REFERENCES persons (tenant, person_id),
  FOREIGN KEY (tenant, purpose_id) REFERENCES list_items (tenant, item_id),
  FOREIGN KEY (tenant, legal_base_id) REFERENCES list_items (tenant, item_id),
  FOREIGN KEY (tenant, source_id) REFERENCES list_items (tenant, item_id)
);
CREATE INDEX consent_persons_by_person ON consent_persons (tenant, person_id);

-- Append-only evidence: every change to a person's consent, as a JSON snapshot of the
-- resource after the change (the API's own JSON mapping).
CREATE TABLE consent_history (
  tenant      text        NOT NULL,
  entry_id    bigint      GENERATED ALWAYS AS IDENTITY,
  person_id   integer     NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('DataConsent', 'ConsentPerson')),
  action      text        NOT NULL,
  snapshot    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  recorded_by text        NOT NULL DEFAULT '',
  request_id  text        NOT NULL DEFAULT '',
  PRIMARY KEY (tenant, entry_id)
);
CREATE INDEX consent_history_by_person ON consent_history (tenant, person_id, entry_id DESC);

CREATE OR REPLACE FUNCTION consent_history_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'consent_history is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER consent_history_append_only BEFORE UPDATE OR DELETE ON consent_history
  FOR EACH ROW EXECUTE FUNCTION consent_history_is_append_only();

-- MyPreferences consent types; versions (with their localized fields) are stored as the
-- API's JSON array, ids of versions come from their own sequence.
CREATE TABLE consent_types (
  tenant      text        NOT NULL,
  type_id     integer     GENERATED ALWAYS AS IDENTITY,
  type_name   text        NOT NULL CHECK (char_length(type_name) BETWEEN 1 AND 100),
  is_active   boolean     NOT NULL DEFAULT true,
  versions    jsonb       NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text        NOT NULL DEFAULT '',
  modified_at timestamptz NOT NULL DEFAULT now(),
  modified_by text        NOT NULL DEFAULT '',
  version     bigint      NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant, type_id)
);
CREATE UNIQUE INDEX consent_types_unique_name ON consent_types (tenant, lower(type_name));
CREATE SEQUENCE consent_version_ids AS integer;

-- Idempotent creates (AIP-155): the first response to a request id is replayed.
CREATE TABLE idempotent_requests (
  tenant      text        NOT NULL,
  method      text        NOT NULL,
  request_id  text        NOT NULL,
  response    bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, method, request_id)
);

-- RFC 3339 UTC text with microseconds, the API's timestamp format.
CREATE FUNCTION rfc3339(ts timestamptz) RETURNS text AS $$
  SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$ LANGUAGE sql IMMUTABLE;
