#include "server/app/server.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include <absl/strings/str_cat.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "lib/ledger/ledger_signature.h"
#include "lib/observability/json_log.h"
#include "lib/observability/metrics.h"
#include "lib/observability/metrics_endpoint.h"
#include "lib/wire/status_details.h"
#include "server/api_users/api_user_repository.h"
#include "server/app/health_monitor.h"
#include "server/app/idempotency_pruner.h"
#include "server/app/ledger_checkpointer.h"
#include "server/app/reflection_v1.h"
#include "server/app/request_observer.h"
#include "server/app/server_credentials.h"
#include "server/app/services.h"
#include "server/auth/access_policy.h"
#include "server/auth/admission.h"
#include "server/auth/key_store.h"
#include "server/auth/token_verifier.h"
#include "server/common/idempotency.h"
#include "server/common/paging.h"
#include "server/common/resource_patch.h"
#include "server/db/connection_pool.h"
#include "server/db/migrator.h"
#include "server/db/statement.h"

namespace consent {
namespace {

// host:port a local client can dial for a listen address and the port it got ("0.0.0.0"
// listens everywhere, loopback included).
std::string Dialable(const std::string& listen, int port) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host == "0.0.0.0") host = "127.0.0.1";
  return host + ":" + std::to_string(port);
}

LedgerOptions LedgerOptionsOf(const ServerConfig& config,
                              std::shared_ptr<const ledger::SigningKey> key) {
  LedgerOptions options;
  options.signing_key = std::move(key);
  options.confirmation_ttl = absl::Seconds(config.confirmation_ttl_seconds);
  options.limits.max_collected_age = absl::Hours(24) * config.max_collected_age_days;
  return options;
}

absl::StatusOr<std::shared_ptr<const ledger::SigningKey>> LoadLedgerKey(
    const ServerConfig& config) {
  if (config.ledger_signing_key_file.empty()) {
    observability::LogJson("warning",
                           "no --ledger-signing-key-file: receipts and checkpoints are signed with"
                           " a key made now, which the next process will not have",
                           {});
    return std::make_shared<const ledger::SigningKey>(ledger::SigningKey::Generate());
  }
  absl::StatusOr<ledger::SigningKey> key =
      ledger::SigningKey::FromFile(config.ledger_signing_key_file);
  if (!key.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("ledger signing key: ", key.status().message()));
  }
  return std::make_shared<const ledger::SigningKey>(*std::move(key));
}

}  // namespace

// Declared in the order they must be built; destroyed in reverse.
struct Server::Parts {
  Parts(const ServerConfig& config, std::shared_ptr<const ledger::SigningKey> ledger_key)
      : pool({.database_url = config.database_url,
              .size = config.pool_size,
              .statement_timeout_ms = config.statement_timeout_ms,
              .lock_timeout_ms = config.lock_timeout_ms,
              .acquire_timeout = std::chrono::milliseconds(config.pool_acquire_timeout_ms)}),
        basic(config.auth.basic_auth && !config.auth.insecure_no_auth
                  ? std::make_unique<auth::BasicVerifier>(api_users::LoginLookup(pool))
                  : nullptr),
        services(BuildServices(pool, config.write_batches, LedgerOptionsOf(config, ledger_key),
                               metrics, basic.get())) {}

  observability::Metrics metrics;
  std::unique_ptr<auth::KeyStore> keys;
  std::unique_ptr<auth::TokenVerifier> verifier;
  ConnectionPool pool;
  std::unique_ptr<auth::BasicVerifier> basic;
  ServiceSet services;
  std::unique_ptr<ReflectionV1> reflection_v1;
  std::unique_ptr<auth::Admission> admission;
  std::unique_ptr<observability::MetricsEndpoint> metrics_endpoint;
  std::unique_ptr<grpc::Server> grpc_server;
  std::unique_ptr<HealthMonitor> monitor;
  std::unique_ptr<IdempotencyPruner> pruner;
  std::unique_ptr<LedgerCheckpointer> checkpointer;
};

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Server::~Server() {
  if (!shut_down_) Shutdown(std::chrono::system_clock::now());
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerConfig& config) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config.tls);
  if (!credentials.ok()) return credentials.status();
  absl::StatusOr<int> version =
      ApplyMigrations(MigrationOwnerUrl(config), config.migrations_dir, config.database_url);
  if (!version.ok()) {
    return absl::Status(version.status().code(),
                        "migration failed: " + std::string(version.status().message()));
  }
  observability::LogJson("info", "schema migrated", {{"version", *version}});
  if (absl::Status checked = db::CheckAllPrepare(config.database_url); !checked.ok()) {
    return absl::Status(checked.code(), "SQL check failed: " + std::string(checked.message()));
  }

  const auth::AuthConfig& auth = config.auth;
  if (auth.insecure_no_auth) {
    observability::LogJson("warning",
                           "AUTHENTICATION IS OFF (--insecure-no-auth): every call is admitted"
                           " and names its own tenant; never run this way with real data",
                           {});
  } else if (auth.issuer.empty() || auth.audience.empty() ||
             auth.jwks_file.empty() == auth.jwks_url.empty()) {
    return absl::FailedPreconditionError(
        "authentication needs --jwt-issuer, --jwt-audience and one of --jwks-file and"
        " --jwks-url (--insecure-no-auth turns it off, for development only)");
  }
  wire::FieldViolations::SetMaxReported(static_cast<size_t>(config.max_field_violations));
  SetPatchLimits({.max_operations = static_cast<size_t>(config.max_patch_operations),
                  .max_values = static_cast<size_t>(config.max_patch_values)});
  absl::StatusOr<std::shared_ptr<const ledger::SigningKey>> ledger_key = LoadLedgerKey(config);
  if (!ledger_key.ok()) return ledger_key.status();
  auto parts = std::make_unique<Parts>(config, *ledger_key);
  if (absl::Status loaded = LoadPageTokenKey(parts->pool); !loaded.ok()) {
    return absl::Status(loaded.code(),
                        "cannot read the page-token key: " + std::string(loaded.message()));
  }
  absl::StatusOr<auth::AccessPolicy> policy =
      auth::AccessPolicy::ForServices(parts->services.names);
  if (!policy.ok()) return policy.status();
  if (!auth.insecure_no_auth) {
    parts->keys = std::make_unique<auth::KeyStore>(
        auth.jwks_url.empty() ? auth::JwksFromFile(auth.jwks_file)
                              : auth::JwksFromUrl(auth.jwks_url),
        auth::KeyStoreTiming{.refetch_interval = absl::Seconds(auth.jwks_refetch_seconds),
                             .refresh_interval = absl::Seconds(auth.jwks_refresh_seconds)});
    if (absl::Status loaded = parts->keys->Load(); !loaded.ok()) {
      // Calls answer UNAVAILABLE until a fetch (the refresher's or a token's) finds keys.
      observability::LogJson("warning", "no signing keys loaded",
                             {{"error", std::string(loaded.message())}});
    }
    parts->keys->StartRefreshing();
    parts->verifier = std::make_unique<auth::TokenVerifier>(auth, *parts->keys);
  }
  parts->admission = std::make_unique<auth::Admission>(
      auth, *std::move(policy), parts->verifier.get(), parts->basic.get(), config.quota);
  ConnectionPool& pool = parts->pool;
  const auto retention = std::chrono::seconds(config.idempotency_retention_seconds);
  SetIdempotencyRetention(absl::FromChrono(retention));
  // Often enough that the table holds little beyond the retention, never more than every
  // few minutes.
  parts->pruner = std::make_unique<IdempotencyPruner>(
      pool, std::clamp<std::chrono::milliseconds>(retention / 10, std::chrono::seconds(1),
                                                  std::chrono::minutes(10)));
  if (config.ledger_checkpoint_interval_seconds > 0) {
    parts->checkpointer = std::make_unique<LedgerCheckpointer>(
        pool, *ledger_key, std::chrono::seconds(config.ledger_checkpoint_interval_seconds));
  }
  observability::Metrics& metrics = parts->metrics;
  metrics.AddGauge("consent_db_pool_in_use", "database connections borrowed",
                   [&pool] { return pool.in_use(); });
  metrics.AddGauge("consent_db_pool_idle", "database connections open and idle",
                   [&pool] { return pool.idle(); });
  metrics.AddGauge("consent_db_pool_size", "maximum database connections",
                   [&pool] { return pool.size(); });
  metrics.AddGauge("consent_schema_migration_version", "highest applied migration",
                   [v = *version] { return v; });
  if (!config.metrics_listen.empty()) {
    parts->metrics_endpoint =
        std::make_unique<observability::MetricsEndpoint>(config.metrics_listen, metrics);
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, *credentials, &port);
  for (auto& service : parts->services.services) builder.RegisterService(service.get());
  // Both reflection versions (gRPC registers v1alpha through the plugin above).
  std::vector<std::string> listed = parts->services.names;
  listed.insert(listed.end(), {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                               "grpc.reflection.v1alpha.ServerReflection"});
  parts->reflection_v1 = std::make_unique<ReflectionV1>(std::move(listed));
  builder.RegisterService(parts->reflection_v1.get());
  // gRPC's sync server ends a handler thread when more than MAX_POLLERS threads are idle
  // (default 2) and starts a new one when a burst arrives, so under load it created and
  // destroyed threads on nearly every call. Keep enough idle threads for the bursts our
  // blocking handlers see (about the pool size, with room); measured in tests/bench.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 32);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(parts->admission->InterceptorFactory());
  observers.push_back(std::make_unique<RequestObserverFactory>(metrics));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  parts->grpc_server = builder.BuildAndStart();
  if (!parts->grpc_server || port == 0) {
    return absl::UnavailableError("cannot listen on " + config.listen);
  }
  parts->monitor = std::make_unique<HealthMonitor>(
      pool, parts->grpc_server->GetHealthCheckService(), parts->services.names,
      std::chrono::milliseconds(config.health_interval_ms));

  std::unique_ptr<Server> server(new Server(std::move(parts)));
  server->schema_version_ = *version;
  // A Unix socket has no port (gRPC reports 1): its address is the flag itself.
  server->address_ =
      config.listen.rfind("unix:", 0) == 0 ? config.listen : Dialable(config.listen, port);
  if (server->parts_->metrics_endpoint) {
    server->metrics_address_ =
        Dialable(config.metrics_listen, server->parts_->metrics_endpoint->port());
  }
  return server;
}

void Server::Shutdown(std::chrono::system_clock::time_point deadline) {
  shut_down_ = true;
  parts_->monitor->BeginShutdown();
  parts_->grpc_server->Shutdown(deadline);
  parts_->grpc_server->Wait();
}

}  // namespace consent
