-- Secrets of the deployment that every replica shares, made once here so that no setting is
-- needed: the HMAC key that seals page tokens (server/common/paging.h). gen_random_uuid()
-- draws from PostgreSQL's strong random source; two of them give 244 random bits.
CREATE TABLE service_keys (
  name   text PRIMARY KEY,
  secret text NOT NULL
);
INSERT INTO service_keys (name, secret)
VALUES ('page_tokens', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
