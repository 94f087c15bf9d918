#pragma once
// How the gateway reaches consent-server: plaintext, or TLS verifying the server against
// --backend-ca-file, presenting a client certificate (mTLS) when --backend-cert-file and
// --backend-key-file are set. gRPC rereads the files every kBackendTlsRefreshSeconds, so a
// renewed client certificate is used by new connections without a restart.
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <grpcpp/security/credentials.h>

#include "gateway/gateway_config.h"

namespace consent::gateway {

inline constexpr unsigned kBackendTlsRefreshSeconds = 5;

struct BackendTransport {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // The name the server's certificate must carry when it is not the backend's host.
  std::string server_name;
};

// FAILED_PRECONDITION for a half configuration, INVALID_ARGUMENT for an unreadable file.
absl::StatusOr<BackendTransport> MakeBackendTransport(const GatewayConfig& config);

}  // namespace consent::gateway
