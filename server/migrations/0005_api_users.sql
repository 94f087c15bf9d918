-- API users: Basic credentials for clients that speak Basic (SuperOffice-style). Names are
-- unique across tenants because a Basic credential names no tenant. Only the Argon2id
-- hash of the service-generated password is kept.
CREATE TABLE api_users (
  user_name           text PRIMARY KEY,
  tenant              text NOT NULL,
  password_hash       text NOT NULL,
  scopes              text[] NOT NULL,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  password_rotated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_users_by_tenant ON api_users (tenant, user_name);
