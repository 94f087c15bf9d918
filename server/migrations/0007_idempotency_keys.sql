-- Idempotency keys for every write that takes one (server/common/idempotency.h): the
-- request's fingerprint, so that a key reused for another request is refused rather than
-- answered with the first one's result, and the version its ETag named. Answers kept
-- before this migration are CreatePerson's (version 1, a new person's) and have no
-- fingerprint: they are replayed as before. Keys past the retention are deleted in the
-- background, oldest first (the index).
ALTER TABLE idempotent_requests ADD COLUMN fingerprint bytea,
  ADD COLUMN version bigint NOT NULL DEFAULT 1;
CREATE INDEX idempotent_requests_created_at ON idempotent_requests (created_at);
