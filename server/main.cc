// consent-server: migrates the schema, then serves the consent.v1 gRPC API with health
// checking and reflection until SIGTERM/SIGINT, when it drains in-flight calls.
#include <csignal>
#include <iostream>

#include <absl/synchronization/mutex.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "app/health_monitor.h"
#include "app/request_observer.h"
#include "app/server_config.h"
#include "app/services.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "observability/json_log.h"
#include "observability/metrics_endpoint.h"

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

// host:port a local client can dial for a listen address and the port it got ("0.0.0.0"
// listens everywhere, loopback included).
std::string Dialable(const std::string& listen, int port) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host == "0.0.0.0") host = "127.0.0.1";
  return host + ":" + std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil with debug checks on; its mutex deadlock detector then keeps a
  // global lock graph on every gRPC lock: measurable per-call cost (see tests/bench).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  sigset_t signals = BlockTerminationSignals();
  consent::observability::BufferLogs();  // its thread inherits the blocked signals
  consent::ServerConfig config = consent::LoadServerConfig(argc, argv);

  auto version = consent::ApplyMigrations(config.database_url, config.migrations_dir);
  if (!version.ok()) {
    consent::observability::LogJson("error", "migration failed",
                                    {{"error", std::string(version.status().message())}});
    return 1;
  }
  consent::observability::LogJson("info", "schema migrated", {{"version", *version}});
  if (config.migrate_only) return 0;
  if (absl::Status checked = consent::db::CheckAllPrepare(config.database_url); !checked.ok()) {
    consent::observability::LogJson("error", "SQL check failed",
                                    {{"error", std::string(checked.message())}});
    return 1;
  }

  consent::ConnectionPool pool({.database_url = config.database_url,
                                .size = config.pool_size,
                                .statement_timeout_ms = config.statement_timeout_ms});
  consent::observability::Metrics metrics;
  consent::ServiceSet services = consent::BuildServices(pool, config.write_batches, metrics);
  metrics.AddGauge("consent_db_pool_in_use", "database connections borrowed",
                   [&] { return pool.in_use(); });
  metrics.AddGauge("consent_db_pool_idle", "database connections open and idle",
                   [&] { return pool.idle(); });
  metrics.AddGauge("consent_db_pool_size", "maximum database connections",
                   [&] { return pool.size(); });
  metrics.AddGauge("consent_schema_migration_version", "highest applied migration",
                   [v = *version] { return v; });
  std::unique_ptr<consent::observability::MetricsEndpoint> metrics_endpoint;
  if (!config.metrics_listen.empty()) {
    metrics_endpoint =
        std::make_unique<consent::observability::MetricsEndpoint>(config.metrics_listen, metrics);
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(), &port);
  for (auto& service : services.services) builder.RegisterService(service.get());
  // gRPC's sync server ends a handler thread when more than MAX_POLLERS threads are idle
  // (default 2) and starts a new one when a burst arrives, so under load it created and
  // destroyed threads on nearly every call. Keep enough idle threads for the bursts our
  // blocking handlers see (about the pool size, with room); measured in tests/bench.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 32);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(std::make_unique<consent::RequestObserverFactory>(metrics));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "cannot listen on " << config.listen << "\n";
    return 1;
  }
  auto* health = server->GetHealthCheckService();
  consent::HealthMonitor monitor(pool, health, services.names,
                                 std::chrono::milliseconds(config.health_interval_ms));

  if (metrics_endpoint) {
    std::cout << "metrics http " << Dialable(config.metrics_listen, metrics_endpoint->port())
              << "\n";
  }
  // A Unix socket has no port (gRPC reports 1): its address is the flag itself.
  const bool unix_socket = config.listen.rfind("unix:", 0) == 0;
  std::cout << "listening grpc " << (unix_socket ? config.listen : Dialable(config.listen, port))
            << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  consent::observability::LogJson("info", "draining",
                                  {{"signal", received},
                                   {"grace_period_seconds", config.grace_period_seconds}});
  monitor.BeginShutdown();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.grace_period_seconds));
  server->Wait();
  return 0;
}
