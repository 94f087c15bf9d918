#pragma once
#include <string>

#include "server/auth/auth_config.h"
#include "server/auth/tenant_quota.h"

namespace consent {

// TLS on the gRPC port (server_credentials.h): none of the files is plaintext; a certificate
// and key serve TLS; a client CA as well requires every caller to present a certificate it
// issued (mTLS).
struct ServerTlsFiles {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
};

// Everything the server is configured with. Each value comes from a flag, else from its
// environment variable, else the default here (see `consent-server --help`).
struct ServerConfig {
  std::string listen = "0.0.0.0:50051";
  std::string database_url = "postgresql://consent@127.0.0.1:5432/consent";
  int pool_size = 8;
  // Group commit of data-consent writes: batches in flight at once (1..pool_size).
  int write_batches = 1;
  int statement_timeout_ms = 5000;
  int lock_timeout_ms = 1000;          // < statement_timeout_ms
  int pool_acquire_timeout_ms = 1000;  // waiting for a pooled connection
  // Bounds of a JSON Patch: operations, and JSON values in the document it builds.
  int max_patch_operations = 1000;
  int max_patch_values = 100000;
  // Field violations one error reports (the rest are counted), 1..100.
  int max_field_violations = 100;
  // How long an idempotency key's first answer is replayed (common/idempotency.h).
  int idempotency_retention_seconds = 24 * 60 * 60;
  // The ledger (ledger/ledger_service.h): double opt-in token lifetime, oldest collectedAt.
  int confirmation_ttl_seconds = 72 * 60 * 60;
  int max_collected_age_days = 366;
  // The ledger's Ed25519 signing key (base64 seed); empty: a key made at start-up, which
  // verifies nothing the next process signs (development only).
  std::string ledger_signing_key_file;
  int ledger_checkpoint_interval_seconds = 60 * 60;  // 0: only on demand
  // The schema owner's URL, for migrations; empty: database_url's role owns the schema.
  std::string migration_database_url;
  std::string
      migrations_dir;  // empty: the installed share/consent/migrations, else the source tree's
  bool migrate_only = false;
  // Print the SQL of this named statement and exit (tests/bench runs it through pgbench).
  std::string print_sql;
  int grace_period_seconds = 20;
  int health_interval_ms = 1000;
  std::string metrics_listen;
  auth::AuthConfig auth;
  ServerTlsFiles tls;
  // Calls per second per tenant in this replica, and the burst above it.
  auth::TenantQuota::Limits quota{.rate = 1000, .burst = 0};
};

// The migrations directory an empty `migrations_dir` stands for.
std::string DefaultMigrationsDir();

// Parses argv and the environment (exits on --help or a bad flag).
ServerConfig LoadServerConfig(int argc, char** argv);

// The URL migrations run with: migration_database_url, else database_url.
inline const std::string& MigrationOwnerUrl(const ServerConfig& config) {
  return config.migration_database_url.empty() ? config.database_url
                                               : config.migration_database_url;
}

}  // namespace consent
