#pragma once
// Who a verified credential speaks for: a bearer token's claims or an API user's record.
#include <memory>
#include <string>

#include <absl/container/flat_hash_set.h>
#include <absl/time/time.h>

namespace consent::auth {

struct Identity {
  std::string tenant;   // may be empty for a platform admin
  std::string subject;  // the actor recorded: a token's `sub`, "api-user:<name>"
  absl::flat_hash_set<std::string> scopes;
  bool platform_admin = false;
  absl::Time expires;  // the credential's own expiry (a token's `exp`)
};

// Shared, so that a cached identity is handed to each call without copying its scopes.
using IdentityRef = std::shared_ptr<const Identity>;

}  // namespace consent::auth
