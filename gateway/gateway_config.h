#pragma once
// Run-time settings of consent-gateway and their flags.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gateway/forwarded_headers.h"
#include "gateway/json_body.h"
#include "lib/flags/flag_set.h"

namespace consent::gateway {

struct GatewayConfig {
  std::string listen_host = "0.0.0.0";
  uint16_t listen_port = 8080;  // 0 picks a free port
  std::string backend = "127.0.0.1:50051";
  uint64_t max_body_bytes = 1 << 20;
  JsonLimits json_limits;
  std::chrono::milliseconds timeout{10000};       // gRPC deadline per request
  std::chrono::milliseconds idle_timeout{60000};  // connection waiting for a request
  unsigned threads = 0;                           // 0 = UsableCpus()
  std::string metrics_listen;                     // host:port of /metrics; empty = off
  std::string docs_dir;  // Swagger UI for GET /docs (deploy/install-docs-ui); empty = none
  std::chrono::seconds grace_period{20};  // after SIGTERM, for in-flight requests
  std::vector<std::string> cors_origins;  // browser origins allowed; "*" any; empty = off
  std::vector<ForwardedHeader> forwarded_headers = *ParseForwardedHeaders(kDefaultForwardedHeaders);
  // HTTPS on the listener when both are set (tls_certificate.h); else plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
  // TLS to the backend when backend_ca_file is set; a client certificate (mTLS) with both
  // backend_cert_file and backend_key_file (backend_credentials.h).
  std::string backend_ca_file;
  std::string backend_cert_file;
  std::string backend_key_file;
  std::string backend_server_name;  // expected in the server's certificate; empty: its host
};

// --listen, --backend, --max-body-bytes, --max-json-depth, --max-json-array-elements, --timeout-ms,
// --idle-timeout-ms, --threads,
// --metrics-listen, --docs-dir, --grace-period-seconds, --cors-origins,
// --forward-headers, --tls-cert-file, --tls-key-file, --backend-ca-file,
// --backend-cert-file, --backend-key-file, --backend-server-name with GATEWAY_* fallbacks.
void RegisterGatewayFlags(flags::FlagSet& flags, GatewayConfig* config);

}  // namespace consent::gateway
