#include "server/app/server_config.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <absl/strings/ascii.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "lib/flags/flag_set.h"

namespace consent {

// Installed layout first (<prefix>/bin/.. /share/consent/migrations), then the source tree.
std::string DefaultMigrationsDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share/consent/migrations";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return CONSENT_SOURCE_MIGRATIONS_DIR;
}

ServerConfig LoadServerConfig(int argc, char** argv) {
  ServerConfig config;
  flags::FlagSet flags;
  flags.AddString("listen", "CONSENT_LISTEN",
                  "gRPC listen address host:port (port 0 picks a free port), or unix:/path for a"
                  " Unix socket (a gateway in the same pod) (default 0.0.0.0:50051)",
                  &config.listen);
  flags.AddString("database-url", "DATABASE_URL",
                  "PostgreSQL connection URI (default postgresql://consent@127.0.0.1:5432/consent)",
                  &config.database_url);
  flags.AddString("migration-database-url", "CONSENT_MIGRATION_DATABASE_URL",
                  "PostgreSQL URI of the schema owner, for migrations; the --database-url role"
                  " is then granted what the service needs, and may only read and append to the"
                  " ledger (default: the --database-url role owns the schema)",
                  &config.migration_database_url);
  flags.AddInt("pool-size", "CONSENT_POOL_SIZE", "database connections in the pool (default 8)",
               &config.pool_size, 1);
  flags.AddInt("write-batches", "CONSENT_WRITE_BATCHES",
               "data-consent and RecordConsent writes are group-committed: how many batches of"
               " each may be in flight at once, each on one pooled connection (1..pool-size,"
               " default 1)",
               &config.write_batches, 1);
  flags.AddInt("statement-timeout-ms", "CONSENT_STATEMENT_TIMEOUT_MS",
               "PostgreSQL statement_timeout per statement (default 5000)",
               &config.statement_timeout_ms, 1);
  flags.AddInt("lock-timeout-ms", "CONSENT_LOCK_TIMEOUT_MS",
               "longest wait for a row lock another change holds; then the call answers"
               " UNAVAILABLE (503) and frees its connection (default 1000, below the statement"
               " timeout)",
               &config.lock_timeout_ms, 1);
  flags.AddInt("max-patch-operations", "CONSENT_MAX_PATCH_OPERATIONS",
               "most operations in one JSON Patch; more is 400 (default 1000)",
               &config.max_patch_operations, 1);
  flags.AddInt("max-patch-values", "CONSENT_MAX_PATCH_VALUES",
               "most JSON values (objects, arrays, strings, numbers, ...) in the document a"
               " JSON Patch builds, so a `copy` of the root cannot double it without end; more"
               " is 400 (default 100000)",
               &config.max_patch_values, 1);
  flags.AddInt("max-field-violations", "CONSENT_MAX_FIELD_VIOLATIONS",
               "most field violations one error reports, the rest counted in its message; at"
               " most 100, which with 200 bytes per violation and 5 KiB in all keeps every"
               " error within gRPC's 8 KiB metadata limit (default 100)",
               &config.max_field_violations, 1);
  flags.AddInt("pool-acquire-timeout-ms", "CONSENT_POOL_ACQUIRE_TIMEOUT_MS",
               "longest wait for a free database connection; then UNAVAILABLE (default 1000)",
               &config.pool_acquire_timeout_ms, 1);
  flags.AddInt("idempotency-retention-seconds", "CONSENT_IDEMPOTENCY_RETENTION_SECONDS",
               "how long a write's idempotency key (request_id, REST Idempotency-Key) is"
               " remembered: a retry within it gets the first answer (default 86400)",
               &config.idempotency_retention_seconds, 1);
  flags.AddInt("confirmation-ttl-seconds", "CONSENT_CONFIRMATION_TTL_SECONDS",
               "how long a double opt-in confirmation token can be used (default 259200)",
               &config.confirmation_ttl_seconds, 0);
  flags.AddInt("max-collected-age-days", "CONSENT_MAX_COLLECTED_AGE_DAYS",
               "oldest collectedAt a recorded decision may have, in days (default 366)",
               &config.max_collected_age_days, 1);
  flags.AddString("ledger-signing-key-file", "CONSENT_LEDGER_SIGNING_KEY_FILE",
                  "file holding the ledger's Ed25519 signing key (32-byte seed, base64) for"
                  " receipts and checkpoints (default: a key made at start-up, development only)",
                  &config.ledger_signing_key_file);
  flags.AddInt("ledger-checkpoint-interval-seconds", "CONSENT_LEDGER_CHECKPOINT_INTERVAL_SECONDS",
               "how often each tenant's chains get a signed checkpoint when they moved; 0: only"
               " on demand (default 3600)",
               &config.ledger_checkpoint_interval_seconds, 0);
  flags.AddString("migrations-dir", "CONSENT_MIGRATIONS_DIR",
                  "directory of numbered .sql migrations (default: installed"
                  " share/consent/migrations)",
                  &config.migrations_dir);
  flags.AddBool("migrate-only", "CONSENT_MIGRATE_ONLY",
                "apply migrations and exit (for a migration Job)", &config.migrate_only);
  flags.AddString("print-sql", "",
                  "print the SQL of the named statement (e.g. ledger.latest_decisions) and exit",
                  &config.print_sql);
  flags.AddInt("grace-period-seconds", "CONSENT_GRACE_PERIOD_SECONDS",
               "on SIGTERM, time allowed for in-flight calls to finish (default 20)",
               &config.grace_period_seconds, 0);
  flags.AddInt("health-interval-ms", "CONSENT_HEALTH_INTERVAL_MS",
               "how often database reachability is checked for gRPC health (default 1000)",
               &config.health_interval_ms, 1);
  flags.AddString("metrics-listen", "CONSENT_METRICS_LISTEN",
                  "Prometheus /metrics listen address host:port (default: off)",
                  &config.metrics_listen);
  flags.AddString("tls-cert-file", "CONSENT_TLS_CERT_FILE",
                  "PEM certificate chain to serve TLS on the gRPC port with (with"
                  " --tls-key-file; reread when it changes, within 5 s) (default: plaintext)",
                  &config.tls.cert_file);
  flags.AddString("tls-key-file", "CONSENT_TLS_KEY_FILE", "PEM private key of --tls-cert-file",
                  &config.tls.key_file);
  flags.AddString("tls-client-ca-file", "CONSENT_TLS_CLIENT_CA_FILE",
                  "PEM CA bundle: every caller must present a client certificate it issued"
                  " (mTLS; needs --tls-cert-file) (default: no client certificate asked for)",
                  &config.tls.client_ca_file);
  auth::AuthConfig& auth = config.auth;
  flags.AddBool("insecure-no-auth", "CONSENT_INSECURE_NO_AUTH",
                "DEVELOPMENT ONLY: admit every call without a credential, each naming its own"
                " tenant",
                &auth.insecure_no_auth);
  flags.AddString("jwt-issuer", "CONSENT_JWT_ISSUER",
                  "the iss bearer tokens must carry, exactly (required unless --insecure-no-auth)",
                  &auth.issuer);
  flags.AddString("jwt-audience", "CONSENT_JWT_AUDIENCE",
                  "an aud value bearer tokens must carry, exactly (required unless"
                  " --insecure-no-auth)",
                  &auth.audience);
  flags.AddString("jwks-file", "CONSENT_JWKS_FILE",
                  "JWKS document with the issuer's public keys (this or --jwks-url is required"
                  " unless --insecure-no-auth)",
                  &auth.jwks_file);
  flags.AddString("jwks-url", "CONSENT_JWKS_URL",
                  "http(s) URL of the issuer's JWKS (its jwks_uri), fetched in the background",
                  &auth.jwks_url);
  flags.AddInt("jwks-refresh-seconds", "CONSENT_JWKS_REFRESH_SECONDS",
               "how often the JWKS is fetched again; failures keep the last good keys"
               " (default 300)",
               &auth.jwks_refresh_seconds, 1);
  flags.AddInt("jwks-refetch-seconds", "CONSENT_JWKS_REFETCH_SECONDS",
               "a token naming an unknown kid fetches the JWKS at once, at most once per this"
               " (default 10)",
               &auth.jwks_refetch_seconds, 1);
  flags.Add("jwt-algorithms", "CONSENT_JWT_ALGORITHMS",
            "comma-separated signature algorithms accepted, of RS256 and ES256 (default both)",
            [&auth](const std::string& value) -> absl::Status {
              auth.algorithms.clear();
              for (absl::string_view alg : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
                alg = absl::StripAsciiWhitespace(alg);
                if (alg != "RS256" && alg != "ES256") {
                  return absl::InvalidArgumentError("--jwt-algorithms: RS256 or ES256, not " +
                                                    std::string(alg));
                }
                auth.algorithms.emplace_back(alg);
              }
              return absl::OkStatus();
            });
  flags.AddBool("basic-auth", "CONSENT_BASIC_AUTH",
                "accept API users' Basic credentials besides bearer tokens (default true)",
                &auth.basic_auth);
  flags.AddString("jwt-tenant-claim", "CONSENT_JWT_TENANT_CLAIM",
                  "the token claim that names the caller's tenant (default tenant)",
                  &auth.tenant_claim);
  flags.AddString("admin-scope", "CONSENT_ADMIN_SCOPE",
                  "the scope of platform admins, who may act for any tenant (default"
                  " consent:platform:admin)",
                  &auth.admin_scope);
  flags.AddInt("jwt-clock-skew-seconds", "CONSENT_JWT_CLOCK_SKEW_SECONDS",
               "leeway for exp and nbf (default 60)", &auth.clock_skew_seconds, 0);
  flags.AddInt("max-token-lifetime-seconds", "CONSENT_MAX_TOKEN_LIFETIME_SECONDS",
               "longest accepted exp - iat (default 86400)", &auth.max_token_lifetime_seconds, 1);
  int quota_rate = static_cast<int>(config.quota.rate);
  flags.AddInt("tenant-rate-limit", "CONSENT_TENANT_RATE_LIMIT",
               "calls per second each tenant may make to this replica; over it calls answer"
               " RESOURCE_EXHAUSTED (REST 429 with Retry-After); 0 turns quotas off"
               " (default 1000)",
               &quota_rate, 0);
  flags.AddInt("tenant-burst", "CONSENT_TENANT_BURST",
               "calls a tenant may make at once above its rate (default twice the rate)",
               &config.quota.burst, 0);
  if (absl::Status parsed = flags.Parse(argc, argv); !parsed.ok()) {
    std::cerr << parsed.message() << "\n" << flags.Usage("consent-server");
    std::exit(2);
  }
  if (flags.help_requested()) {
    std::cout << "consent-server: the consent service's gRPC server\n"
              << flags.Usage("consent-server");
    std::exit(0);
  }
  config.quota.rate = quota_rate;
  if (config.lock_timeout_ms >= config.statement_timeout_ms) {
    std::cerr << "--lock-timeout-ms must be below --statement-timeout-ms\n";
    std::exit(2);
  }
  if (config.write_batches > config.pool_size) {
    std::cerr << "--write-batches must be between 1 and --pool-size\n";
    std::exit(2);
  }
  if (config.migrations_dir.empty()) config.migrations_dir = DefaultMigrationsDir();
  return config;
}

}  // namespace consent
