#include "gateway/gateway_config.h"

#include <absl/strings/numbers.h>

#include "gateway/cors_handler.h"

namespace consent::gateway {
namespace {

absl::Status ParseListen(const std::string& value, GatewayConfig* config) {
  size_t colon = value.rfind(':');
  uint32_t port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(value.substr(colon + 1), &port) ||
      port > 65535) {
    return absl::InvalidArgumentError("--listen: expected host:port, got " + value);
  }
  std::string host = value.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  config->listen_host = host.empty() ? "0.0.0.0" : host;
  config->listen_port = static_cast<uint16_t>(port);
  return absl::OkStatus();
}

template <typename T>
flags::FlagSet::Parser PositiveInteger(const std::string& name, T* target) {
  return [name, target](const std::string& value) {
    uint64_t parsed = 0;
    if (!absl::SimpleAtoi(value, &parsed) || parsed == 0) {
      return absl::InvalidArgumentError("--" + name + ": expected a positive integer, got " +
                                        value);
    }
    *target = T(parsed);
    return absl::OkStatus();
  };
}

}  // namespace

void RegisterGatewayFlags(flags::FlagSet& flags, GatewayConfig* config) {
  flags.Add("listen", "GATEWAY_LISTEN",
            "host:port to serve HTTP on (default 0.0.0.0:8080; port 0 picks a free port)",
            [config](const std::string& value) { return ParseListen(value, config); });
  flags.AddString("backend", "GATEWAY_BACKEND",
                  "gRPC address of consent-server (default 127.0.0.1:50051)", &config->backend);
  flags.Add("max-body-bytes", "GATEWAY_MAX_BODY_BYTES",
            "largest accepted request body; larger gets 413 (default 1048576)",
            PositiveInteger("max-body-bytes", &config->max_body_bytes));
  flags.Add("max-json-depth", "GATEWAY_MAX_JSON_DEPTH",
            "deepest nesting of arrays and objects in a JSON body; deeper gets 400 (default 32)",
            PositiveInteger("max-json-depth", &config->json_limits.max_depth));
  flags.Add("max-json-array-elements", "GATEWAY_MAX_JSON_ARRAY_ELEMENTS",
            "most elements of any one array in a JSON body; more gets 400 (default 10000)",
            PositiveInteger("max-json-array-elements", &config->json_limits.max_array_elements));
  flags.Add("timeout-ms", "GATEWAY_TIMEOUT_MS", "gRPC deadline per request (default 10000)",
            PositiveInteger("timeout-ms", &config->timeout));
  flags.Add("idle-timeout-ms", "GATEWAY_IDLE_TIMEOUT_MS",
            "close a connection that waits this long for a request (or the rest of one) or "
            "for its client to read a response (default 60000)",
            PositiveInteger("idle-timeout-ms", &config->idle_timeout));
  flags.Add("threads", "GATEWAY_THREADS",
            "I/O threads, and as many gRPC completion threads (default: the CPU limit, else "
            "hardware threads)",
            PositiveInteger("threads", &config->threads));
  flags.AddString("metrics-listen", "GATEWAY_METRICS_LISTEN",
                  "host:port of the Prometheus /metrics endpoint (default: off)",
                  &config->metrics_listen);
  flags.AddString("docs-dir", "GATEWAY_DOCS_DIR",
                  "directory of the Swagger UI files GET /docs renders /openapi.json with "
                  "(deploy/install-docs-ui puts them there; default: none, /docs is 404)",
                  &config->docs_dir);
  flags.Add("grace-period-seconds", "GATEWAY_GRACE_PERIOD_SECONDS",
            "after SIGTERM, time allowed for in-flight requests (default 20)",
            PositiveInteger("grace-period-seconds", &config->grace_period));
  flags.Add("cors-origins", "GATEWAY_CORS_ORIGINS",
            "comma-separated browser origins (scheme://host[:port]) allowed to call the API "
            "cross-origin, or * for any (default: none, CORS off)",
            [config](const std::string& value) -> absl::Status {
              absl::StatusOr<std::vector<std::string>> origins = ParseCorsOrigins(value);
              if (!origins.ok()) return origins.status();
              config->cors_origins = *std::move(origins);
              return absl::OkStatus();
            });
  flags.Add("forward-headers", "GATEWAY_FORWARD_HEADERS",
            std::string("comma-separated request headers passed to the server as gRPC metadata "
                        "(default ") +
                kDefaultForwardedHeaders + ")",
            [config](const std::string& value) -> absl::Status {
              absl::StatusOr<std::vector<ForwardedHeader>> headers = ParseForwardedHeaders(value);
              if (!headers.ok())
                return absl::InvalidArgumentError("--forward-headers: " +
                                                  std::string(headers.status().message()));
              config->forwarded_headers = *std::move(headers);
              return absl::OkStatus();
            });
  flags.AddString("tls-cert-file", "GATEWAY_TLS_CERT_FILE",
                  "PEM certificate chain to serve HTTPS with (with --tls-key-file; reread when"
                  " the files change or on SIGHUP) (default: plain HTTP)",
                  &config->tls_cert_file);
  flags.AddString("tls-key-file", "GATEWAY_TLS_KEY_FILE", "PEM private key of --tls-cert-file",
                  &config->tls_key_file);
  flags.AddString("backend-ca-file", "GATEWAY_BACKEND_CA_FILE",
                  "PEM CA bundle: call the backend over TLS and verify it with these CAs"
                  " (default: plaintext)",
                  &config->backend_ca_file);
  flags.AddString("backend-cert-file", "GATEWAY_BACKEND_CERT_FILE",
                  "PEM client certificate presented to the backend (mTLS; with"
                  " --backend-key-file and --backend-ca-file)",
                  &config->backend_cert_file);
  flags.AddString("backend-key-file", "GATEWAY_BACKEND_KEY_FILE",
                  "PEM private key of --backend-cert-file", &config->backend_key_file);
  flags.AddString("backend-server-name", "GATEWAY_BACKEND_SERVER_NAME",
                  "the name the backend's certificate must carry, when not the host of"
                  " --backend (default: that host)",
                  &config->backend_server_name);
}

}  // namespace consent::gateway
