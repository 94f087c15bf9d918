#include "gateway/gateway.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "gateway/usable_cpus.h"
#include "lib/wire/metadata.h"

namespace consent::gateway {
namespace {

RequestHandler::Options HandlerOptions(const GatewayConfig& config, std::optional<DocsPage> docs) {
  return RequestHandler::Options{.forwarded_headers = config.forwarded_headers,
                                 .json_limits = config.json_limits,
                                 .docs = std::move(docs)};
}

}  // namespace

Gateway::Gateway(const GatewayConfig& config, std::unique_ptr<protojson::ApiSchema> schema,
                 RouteTable routes, const BackendTransport& transport,
                 std::unique_ptr<TlsCertificate> tls, std::optional<DocsPage> docs)
    : io_(config.threads > 0 ? config.threads : UsableCpus()),
      schema_(std::move(schema)),
      routes_(std::move(routes)),
      tls_(std::move(tls)),
      backend_(config.backend, config.timeout, io_.size(), transport.credentials,
               transport.server_name),
      handler_(*schema_, routes_, backend_, HandlerOptions(config, std::move(docs))),
      cors_(handler_, routes_, config.cors_origins, config.forwarded_headers),
      observed_(cors_, routes_, metrics_),
      server_(io_, observed_, config.max_body_bytes, config.idle_timeout, tls_.get()) {
  metrics_.AddGauge("consent_http_connections_open", "HTTP connections open",
                    [this] { return static_cast<double>(server_.open_connections()); });
}

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(const GatewayConfig& config,
                                                        const std::string& descriptor_set) {
  absl::StatusOr<std::unique_ptr<protojson::ApiSchema>> schema =
      protojson::ApiSchema::FromDescriptorSet(descriptor_set);
  if (!schema.ok()) return schema.status();
  absl::StatusOr<RouteTable> routes = RouteTable::Build(**schema);
  if (!routes.ok()) return routes.status();
  absl::StatusOr<BackendTransport> transport = MakeBackendTransport(config);
  if (!transport.ok()) return transport.status();
  std::unique_ptr<TlsCertificate> tls;
  if (!config.tls_cert_file.empty() || !config.tls_key_file.empty()) {
    absl::StatusOr<std::unique_ptr<TlsCertificate>> loaded =
        TlsCertificate::Load(config.tls_cert_file, config.tls_key_file);
    if (!loaded.ok()) return loaded.status();
    tls = *std::move(loaded);
  }
  std::optional<DocsPage> docs;
  if (!config.docs_dir.empty()) {
    absl::StatusOr<DocsPage> loaded = DocsPage::Load(config.docs_dir);
    if (!loaded.ok()) return loaded.status();
    docs = *std::move(loaded);
  }
  std::unique_ptr<Gateway> gateway(new Gateway(config, *std::move(schema), *std::move(routes),
                                               *transport, std::move(tls), std::move(docs)));
  absl::StatusOr<uint16_t> port = gateway->server_.Listen(config.listen_host, config.listen_port);
  if (!port.ok()) return port.status();
  gateway->port_ = *port;
  if (gateway->tls_) {
    gateway->reload_signals_.add(SIGHUP);
    gateway->ReloadOnSighup();
  }
  gateway->io_.Start();
  return gateway;
}

Gateway::~Gateway() {
  Shutdown();
  Wait();
}

void Gateway::ShutdownOnSignals(std::initializer_list<int> signals, std::chrono::seconds grace) {
  for (int signal : signals) signals_.add(signal);
  signals_.async_wait([this, grace](const boost::system::error_code& ec, int) {
    if (ec) return;
    Shutdown();
    // The grace period is a hard limit: requests still running then are abandoned.
    std::thread([grace] {
      std::this_thread::sleep_for(grace);
      std::_Exit(0);
    }).detach();
  });
}

void Gateway::ReloadOnSighup() {
  reload_signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    tls_->Reload();
    ReloadOnSighup();
  });
}

void Gateway::Shutdown() {
  server_.Shutdown();
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  reload_signals_.cancel(ignored);
  io_.Release();
}

void Gateway::Wait() { io_.Join(); }

}  // namespace consent::gateway
