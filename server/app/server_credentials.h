#pragma once
// The gRPC port's transport security from ServerTlsFiles: plaintext, TLS, or mTLS (a client
// certificate from the configured CA required and verified). The files are checked here, so
// a half-configured or unreadable setting stops the start; gRPC then rereads them every
// kTlsRefreshSeconds, so a renewed certificate (a Kubernetes Secret update) is served
// without a restart.
#include <memory>

#include <absl/status/statusor.h>
#include <grpcpp/security/server_credentials.h>

#include "server/app/server_config.h"

namespace consent {

// gRPC's FileWatcherCertificateProvider has no "reload now": a change to the files is
// picked up within this many seconds (SIGHUP is not needed, and not handled).
inline constexpr unsigned kTlsRefreshSeconds = 5;

// FAILED_PRECONDITION for a half configuration (a key without a certificate, a client CA
// without a certificate), INVALID_ARGUMENT for a file that is not what it should be.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& tls);

}  // namespace consent
