// consent-server: migrates the schema, then serves the consent.v1 gRPC API with health
// checking and reflection until SIGTERM/SIGINT, when it drains in-flight calls.
#include <csignal>
#include <iostream>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "app/health_monitor.h"
#include "app/server_config.h"
#include "app/services.h"
#include "db/migrator.h"

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
  sigset_t signals = BlockTerminationSignals();
  consent::ServerConfig config = consent::LoadServerConfig(argc, argv);

  auto version = consent::ApplyMigrations(config.database_url, config.migrations_dir);
  if (!version.ok()) {
    std::cerr << "migration failed: " << version.status().message() << "\n";
    return 1;
  }
  std::cerr << "schema at migration " << *version << "\n";
  if (config.migrate_only) return 0;

  consent::ConnectionPool pool({.database_url = config.database_url,
                                .size = config.pool_size,
                                .statement_timeout_ms = config.statement_timeout_ms});
  consent::ServiceSet services = consent::BuildServices(pool);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(), &port);
  for (auto& service : services.services) builder.RegisterService(service.get());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "cannot listen on " << config.listen << "\n";
    return 1;
  }
  auto* health = server->GetHealthCheckService();
  for (const auto& name : services.names) health->SetServingStatus(name, true);
  consent::HealthMonitor monitor(pool, health,
                                 std::chrono::milliseconds(config.health_interval_ms));

  std::string host = config.listen.substr(0, config.listen.rfind(':'));
  std::cout << "listening grpc " << (host == "0.0.0.0" ? "127.0.0.1" : host) << ":" << port
            << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "signal " << received << ": draining for up to " << config.grace_period_seconds
            << "s\n";
  monitor.BeginShutdown();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.grace_period_seconds));
  server->Wait();
  return 0;
}
