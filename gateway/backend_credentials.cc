#include "gateway/backend_credentials.h"

#include <fstream>

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

namespace consent::gateway {
namespace {

absl::Status Readable(const std::string& flag, const std::string& path) {
  if (std::ifstream(path).good()) return absl::OkStatus();
  return absl::InvalidArgumentError("--" + flag + ": cannot read " + path);
}

}  // namespace

absl::StatusOr<BackendTransport> MakeBackendTransport(const GatewayConfig& config) {
  const bool client_cert = !config.backend_cert_file.empty() || !config.backend_key_file.empty();
  if (config.backend_ca_file.empty()) {
    if (client_cert || !config.backend_server_name.empty()) {
      return absl::FailedPreconditionError(
          "--backend-cert-file, --backend-key-file and --backend-server-name need"
          " --backend-ca-file (TLS to the backend)");
    }
    return BackendTransport{grpc::InsecureChannelCredentials(), ""};
  }
  if (client_cert && (config.backend_cert_file.empty() || config.backend_key_file.empty())) {
    return absl::FailedPreconditionError(
        "a client certificate needs both --backend-cert-file and --backend-key-file");
  }
  for (const auto& [flag, path] : {std::pair{"backend-ca-file", config.backend_ca_file},
                                   {"backend-cert-file", config.backend_cert_file},
                                   {"backend-key-file", config.backend_key_file}}) {
    if (path.empty()) continue;
    if (absl::Status readable = Readable(flag, path); !readable.ok()) return readable;
  }
  namespace tls = grpc::experimental;
  auto provider = client_cert ? std::make_shared<tls::FileWatcherCertificateProvider>(
                                    config.backend_key_file, config.backend_cert_file,
                                    config.backend_ca_file, kBackendTlsRefreshSeconds)
                              : std::make_shared<tls::FileWatcherCertificateProvider>(
                                    config.backend_ca_file, kBackendTlsRefreshSeconds);
  tls::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(provider);
  options.watch_root_certs();
  if (client_cert) options.watch_identity_key_cert_pairs();
  // The default verifier checks the server's name (the backend's host, or server_name).
  return BackendTransport{tls::TlsCredentials(options), config.backend_server_name};
}

}  // namespace consent::gateway
