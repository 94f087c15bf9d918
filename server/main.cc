// consent-server: migrates the schema, then serves the consent.v1 gRPC API with health
// checking and reflection until SIGTERM/SIGINT, when it drains in-flight calls.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <absl/synchronization/mutex.h>

#include "lib/observability/json_log.h"
#include "server/app/server.h"
#include "server/app/server_config.h"
#include "server/db/migrator.h"
#include "server/db/statement.h"

namespace {

// Blocks SIGTERM/SIGINT in every thread (call before any thread starts) and returns the
// set to wait on.
sigset_t BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil with debug checks on; its mutex deadlock detector then keeps a
  // global lock graph on every gRPC lock: measurable per-call cost (see tests/bench).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  sigset_t signals = BlockTerminationSignals();
  consent::observability::BufferLogs();  // its thread inherits the blocked signals
  consent::ServerConfig config = consent::LoadServerConfig(argc, argv);

  if (!config.print_sql.empty()) {
    const std::string* sql = consent::db::StatementSql(config.print_sql);
    if (sql == nullptr) {
      std::fprintf(stderr, "no SQL statement named %s\n", config.print_sql.c_str());
      return 2;
    }
    std::printf("%s\n", sql->c_str());
    return 0;
  }
  if (config.migrate_only) {
    auto version = consent::ApplyMigrations(consent::MigrationOwnerUrl(config),
                                            config.migrations_dir, config.database_url);
    if (!version.ok()) {
      consent::observability::LogJson("error", "migration failed",
                                      {{"error", std::string(version.status().message())}});
      return 1;
    }
    consent::observability::LogJson("info", "schema migrated", {{"version", *version}});
    return 0;
  }
  auto server = consent::Server::Start(config);
  if (!server.ok()) {
    consent::observability::LogJson("error", "start failed",
                                    {{"error", std::string(server.status().message())}});
    return 1;
  }
  if (!(*server)->metrics_address().empty()) {
    std::cout << "metrics http " << (*server)->metrics_address() << "\n";
  }
  std::cout << "listening grpc " << (*server)->address() << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  consent::observability::LogJson(
      "info", "draining",
      {{"signal", received}, {"grace_period_seconds", config.grace_period_seconds}});
  (*server)->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(config.grace_period_seconds));
  return 0;
}
