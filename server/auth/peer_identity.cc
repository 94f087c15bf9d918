#include "server/auth/peer_identity.h"

#include <grpc/grpc_security_constants.h>

namespace consent::auth {

std::string PeerIdentity(const grpc::AuthContext& context) {
  if (!context.IsPeerAuthenticated()) return "";
  for (const char* property :
       {GRPC_PEER_SPIFFE_ID_PROPERTY_NAME, GRPC_PEER_URI_PROPERTY_NAME, GRPC_PEER_DNS_PROPERTY_NAME,
        GRPC_PEER_EMAIL_PROPERTY_NAME, GRPC_PEER_IP_PROPERTY_NAME, GRPC_X509_CN_PROPERTY_NAME}) {
    std::vector<grpc::string_ref> values = context.FindPropertyValues(property);
    if (!values.empty()) return std::string(values.front().data(), values.front().size());
  }
  return "";
}

}  // namespace consent::auth
