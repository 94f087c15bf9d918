#pragma once
// Verifies `Authorization: Basic` credentials of API users (RFC 7617) against their
// Argon2id hashes (passwords.h). An unknown user costs what a wrong password costs (the
// password is checked against a decoy hash), and both answer the same, so a caller cannot
// tell which names exist. Verified credentials are trusted for 30 s (VerifiedCache), and
// at most a few hashes are computed at once, so a flood of guesses costs bounded CPU and
// memory.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>
#include <absl/synchronization/mutex.h>
#include <absl/time/time.h>

#include "server/auth/identity.h"
#include "server/auth/verified_cache.h"

namespace consent::auth {

// An API user as stored (server/api_users).
struct StoredApiUser {
  std::string tenant;
  std::string password_hash;
  std::vector<std::string> scopes;
};
// The user of that name, nullopt when there is none; an error when the store cannot answer.
using ApiUserLookup =
    std::function<absl::StatusOr<std::optional<StoredApiUser>>(const std::string& user_name)>;

// The subject API user `user_name` is recorded as.
std::string ApiUserSubject(absl::string_view user_name);
// What an API user may be called: 3 to 64 of A-Z a-z 0-9 . _ @ - (so never the ':' that
// ends a Basic user name, nor bytes the database would refuse).
bool IsApiUserName(absl::string_view user_name);

class BasicVerifier {
 public:
  static constexpr absl::Duration kTrustedFor = absl::Seconds(30);

  explicit BasicVerifier(ApiUserLookup lookup, int max_concurrent_hashes = 2);

  // `credentials`: what follows "Basic ". UNAUTHENTICATED for malformed credentials, an
  // unknown user or a wrong password; UNAVAILABLE when the user store cannot answer.
  absl::StatusOr<IdentityRef> Verify(absl::string_view credentials, absl::Time now);
  // Stops trusting what was verified for `user_name` (its password changed, it was deleted).
  void Forget(absl::string_view user_name);

  // How many password hashes were checked: one per uncached attempt, user known or not.
  int hashes_checked();

 private:
  bool CheckPassword(const std::string& hash, absl::string_view password);

  const ApiUserLookup lookup_;
  const std::string decoy_hash_;
  VerifiedCache verified_;
  absl::Mutex slots_mu_;
  int free_slots_ ABSL_GUARDED_BY(slots_mu_);
  int hashes_checked_ ABSL_GUARDED_BY(slots_mu_) = 0;
};

}  // namespace consent::auth
