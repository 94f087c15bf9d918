#pragma once
// The transport identity of a caller that presented a verified client certificate (mTLS):
// one name from the certificate's subject alternative names, as gRPC's AuthContext lists
// them. It says which internal service is calling; the bearer token still says for whom.
#include <string>

#include <grpcpp/security/auth_context.h>

namespace consent::auth {

// The SPIFFE ID, else the first URI, DNS name, e-mail address or IP address SAN, else the
// common name; empty when the peer is not authenticated (plaintext, TLS without a client
// certificate).
std::string PeerIdentity(const grpc::AuthContext& context);

}  // namespace consent::auth
