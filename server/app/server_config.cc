#include "app/server_config.h"

#include <algorithm>
#include <cstdlib>
#include <vector>
#include <filesystem>
#include <iostream>

#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>
#include <absl/strings/numbers.h>

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

int EnvOr(const char* name, int fallback) {
  int parsed = 0;
  const char* value = std::getenv(name);
  return value && absl::SimpleAtoi(value, &parsed) ? parsed : fallback;
}

bool EnvOr(const char* name, bool fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  std::string v = value;
  return v == "1" || v == "true" || v == "yes";
}

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

}  // namespace

ABSL_FLAG(std::string, listen, EnvOr("CONSENT_LISTEN", "0.0.0.0:50051"),
          "gRPC listen address host:port (port 0 picks a free port), or unix:/path for a"
          " Unix socket (a gateway in the same pod) [CONSENT_LISTEN]");
ABSL_FLAG(std::string, database_url,
          EnvOr("DATABASE_URL", "postgresql://consent@127.0.0.1:5432/consent"),
          "PostgreSQL connection URI [DATABASE_URL]");
ABSL_FLAG(int, pool_size, EnvOr("CONSENT_POOL_SIZE", 8),
          "database connections in the pool [CONSENT_POOL_SIZE]");
ABSL_FLAG(int, write_batches, EnvOr("CONSENT_WRITE_BATCHES", 1),
          "data-consent writes are group-committed: how many batches may be in flight at once,"
          " each on one pooled connection (1..pool_size) [CONSENT_WRITE_BATCHES]");
ABSL_FLAG(int, statement_timeout_ms, EnvOr("CONSENT_STATEMENT_TIMEOUT_MS", 5000),
          "PostgreSQL statement_timeout per statement [CONSENT_STATEMENT_TIMEOUT_MS]");
ABSL_FLAG(std::string, migrations_dir, EnvOr("CONSENT_MIGRATIONS_DIR", ""),
          "directory of numbered .sql migrations (default: installed share/consent/migrations)"
          " [CONSENT_MIGRATIONS_DIR]");
ABSL_FLAG(bool, migrate_only, EnvOr("CONSENT_MIGRATE_ONLY", false),
          "apply migrations and exit (for a migration Job) [CONSENT_MIGRATE_ONLY]");
ABSL_FLAG(int, grace_period_seconds, EnvOr("CONSENT_GRACE_PERIOD_SECONDS", 20),
          "on SIGTERM, time allowed for in-flight calls to finish [CONSENT_GRACE_PERIOD_SECONDS]");
ABSL_FLAG(int, health_interval_ms, EnvOr("CONSENT_HEALTH_INTERVAL_MS", 1000),
          "how often database reachability is checked for gRPC health [CONSENT_HEALTH_INTERVAL_MS]");
ABSL_FLAG(std::string, metrics_listen, EnvOr("CONSENT_METRICS_LISTEN", ""),
          "Prometheus /metrics listen address host:port; empty disables [CONSENT_METRICS_LISTEN]");

namespace consent {

ServerConfig LoadServerConfig(int argc, char** argv) {
  absl::SetProgramUsageMessage("consent-server: the consent service's gRPC server");
  // Accept --grace-period-seconds as well as absl's --grace_period_seconds.
  std::vector<std::string> normalized(argv, argv + argc);
  std::vector<char*> args;
  for (auto& arg : normalized) {
    if (arg.rfind("--", 0) == 0) {
      auto end = std::min(arg.find('='), arg.size());
      std::replace(arg.begin() + 2, arg.begin() + end, '-', '_');
    }
    args.push_back(arg.data());
  }
  absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  ServerConfig config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.database_url = absl::GetFlag(FLAGS_database_url);
  config.pool_size = absl::GetFlag(FLAGS_pool_size);
  config.write_batches = absl::GetFlag(FLAGS_write_batches);
  if (config.pool_size < 1 || config.write_batches < 1 ||
      config.write_batches > config.pool_size) {
    std::cerr << "--pool_size must be at least 1 and --write_batches between 1 and it\n";
    std::exit(2);
  }
  config.statement_timeout_ms = absl::GetFlag(FLAGS_statement_timeout_ms);
  config.migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
  if (config.migrations_dir.empty()) config.migrations_dir = DefaultMigrationsDir();
  config.migrate_only = absl::GetFlag(FLAGS_migrate_only);
  config.grace_period_seconds = absl::GetFlag(FLAGS_grace_period_seconds);
  config.health_interval_ms = absl::GetFlag(FLAGS_health_interval_ms);
  config.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  return config;
}

}  // namespace consent
