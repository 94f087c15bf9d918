#pragma once
// Who is calling: what server/auth established for a call before its handler runs (the
// handler cannot see the method, the interceptor can), found again by the call's
// ServerContext. A call with no entry is refused: deny by default.
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <grpcpp/server_context.h>

namespace consent {

struct Caller {
  // The credential's tenant; empty when authentication is off (--insecure-no-auth), where
  // the tenant is what the call names.
  std::string tenant;
  // Recorded as the actor in history and audit fields.
  std::string subject;
  // May act for any tenant (and is recorded as such).
  bool platform_admin = false;
  // The transport identity of an internal caller: a SAN of its verified client certificate
  // (mTLS, server/auth/peer_identity.h); empty without one. In addition to the token.
  std::string peer;
};

// The outcome for one call: the caller, or the status to answer with, plus any metadata
// the answer must carry (e.g. www-authenticate).
struct Admission {
  absl::StatusOr<Caller> caller;
  std::vector<std::pair<std::string, std::string>> trailing_metadata;
};

// Thread-safe; entries live from the interceptor's decision until the call ends.
class CallerRegistry {
 public:
  static CallerRegistry& Instance();
  void Put(const grpc::ServerContextBase* call, Admission admission);
  void Erase(const grpc::ServerContextBase* call);
  // nullopt when no decision was made for the call.
  std::optional<Admission> Find(const grpc::ServerContextBase* call) const;
};

}  // namespace consent
