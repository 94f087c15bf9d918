#pragma once
// consent-gateway assembled: schema and routes from a descriptor set, the gRPC backend,
// the request handler and the HTTP server on a pool of I/O threads.
#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include <absl/status/statusor.h>
#include <boost/asio/signal_set.hpp>

#include "gateway/backend_credentials.h"
#include "gateway/cors_handler.h"
#include "gateway/gateway_config.h"
#include "gateway/grpc_backend.h"
#include "gateway/http_server.h"
#include "gateway/io_context_pool.h"
#include "gateway/observed_handler.h"
#include "gateway/request_handler.h"
#include "gateway/route_table.h"
#include "gateway/tls_certificate.h"
#include "lib/observability/metrics.h"
#include "lib/protojson/api_schema.h"

namespace consent::gateway {

class Gateway {
 public:
  // Builds the routes and starts serving; fails on a bad descriptor set, listen address or
  // TLS setting.
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(const GatewayConfig& config,
                                                        const std::string& descriptor_set);
  ~Gateway();  // Shutdown() + Wait()

  uint16_t port() const { return port_; }
  const RouteTable& routes() const { return routes_; }
  const observability::Metrics& metrics() const { return metrics_; }

  // Shuts down when one of `signals` arrives; the process exits 0 once every in-flight
  // request is answered, or after `grace` at the latest.
  void ShutdownOnSignals(std::initializer_list<int> signals, std::chrono::seconds grace);
  // Stops accepting and closes idle connections; in-flight requests still complete.
  void Shutdown();
  // Blocks until shut down and every in-flight request is answered.
  void Wait();

 private:
  Gateway(const GatewayConfig& config, std::unique_ptr<protojson::ApiSchema> schema,
          RouteTable routes, const BackendTransport& transport, std::unique_ptr<TlsCertificate> tls,
          std::optional<DocsPage> docs);
  void ReloadOnSighup();

  IoContextPool io_;
  std::unique_ptr<protojson::ApiSchema> schema_;
  RouteTable routes_;
  std::unique_ptr<TlsCertificate> tls_;  // null: plain HTTP
  GrpcBackend backend_;
  RequestHandler handler_;
  CorsHandler cors_;
  observability::Metrics metrics_;
  ObservedHandler observed_;
  HttpServer server_;
  boost::asio::signal_set signals_{io_.first()};
  boost::asio::signal_set reload_signals_{io_.first()};  // SIGHUP, with HTTPS
  uint16_t port_ = 0;
};

}  // namespace consent::gateway
