-- The consent ledger (docs/ledger.md): every decision appended as an event, hash-chained
-- per person. Events are never updated or deleted by the service: the server's role is
-- granted INSERT and SELECT on consent_events only (docs/ledger.md, "Database roles").

-- The head of each person's chain. Appending an event advances it in the same statement
-- (INSERT ... ON CONFLICT DO UPDATE), which is what orders concurrent appends for a person.
CREATE TABLE ledger_heads (
  tenant     text    NOT NULL,
  person_id  integer NOT NULL,
  sequence   bigint  NOT NULL,
  prev_hash  bytea   NOT NULL,
  hash       bytea   NOT NULL,
  -- The content digest of the head event (what an upsert chains onto the old head).
  last_digest bytea  NOT NULL,
  PRIMARY KEY (tenant, person_id)
);

CREATE TABLE consent_events (
  tenant         text        NOT NULL,
  person_id      integer     NOT NULL,
  sequence       bigint      NOT NULL,
  event_id       uuid        NOT NULL,
  subject_kind   text        NOT NULL CHECK (subject_kind IN ('data_consent', 'purpose', 'type')),
  subject_id     integer     NOT NULL DEFAULT 0,
  version_id     integer     NOT NULL DEFAULT 0,
  -- '' for a decision that holds for every medium.
  medium         text        NOT NULL DEFAULT '',
  state          text        NOT NULL CHECK (state IN ('awaiting', 'granted', 'refused', 'withdrawn')),
  legal_base_id  integer     NOT NULL DEFAULT 0,
  source_id      integer     NOT NULL DEFAULT 0,
  -- The text the person saw (ConsentNotice's JSON); not personal data.
  notice         jsonb       NOT NULL DEFAULT '{}',
  collected_at   timestamptz NOT NULL,
  recorded_at    timestamptz NOT NULL,
  recorded_by    text        NOT NULL DEFAULT '',
  request_id     text        NOT NULL DEFAULT '',
  expires_at     timestamptz,
  details_digest bytea       NOT NULL,
  content_digest bytea       NOT NULL,
  prev_hash      bytea       NOT NULL,
  hash           bytea       NOT NULL,
  PRIMARY KEY (tenant, person_id, sequence),
  UNIQUE (tenant, event_id)
);
-- The latest decision per subject as of an instant: checks and point-in-time states.
CREATE INDEX consent_events_by_subject
  ON consent_events (tenant, person_id, subject_kind, subject_id, recorded_at DESC, sequence DESC);
-- Whether a ConsentType version has decisions under it (then immutable).
CREATE INDEX consent_events_by_version ON consent_events (tenant, subject_id, version_id)
  WHERE subject_kind = 'type';

-- The personal data of an event, erasable: the chain commits to it only through
-- consent_events.details_digest = SHA-256(salt || canonical details).
CREATE TABLE consent_event_details (
  tenant      text  NOT NULL,
  event_id    uuid  NOT NULL,
  salt        bytea NOT NULL,
  description text  NOT NULL DEFAULT '',
  evidence    jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant, event_id)
);

-- Double opt-in: a single-use token per `awaiting` decision, stored as its SHA-256 only.
CREATE TABLE consent_confirmations (
  token_hash         bytea       PRIMARY KEY,
  tenant             text        NOT NULL,
  person_id          integer     NOT NULL,
  event_id           uuid        NOT NULL,
  expires_at         timestamptz NOT NULL,
  confirmed_event_id uuid,
  used_at            timestamptz
);

-- Signed statements of a tenant's chain heads (a Merkle root), newest last.
CREATE TABLE ledger_checkpoints (
  tenant        text        NOT NULL,
  checkpoint_id bigint      GENERATED ALWAYS AS IDENTITY,
  chains        bigint      NOT NULL,
  events        bigint      NOT NULL,
  root          bytea       NOT NULL,
  issued_at     timestamptz NOT NULL,
  key_id        text        NOT NULL,
  jws           text        NOT NULL,
  PRIMARY KEY (tenant, checkpoint_id)
);

-- Erasure (GDPR Art. 17): the person row stays as a pseudonym.
ALTER TABLE persons ADD COLUMN erased_at timestamptz;
