#pragma once
// Verifies a bearer JWT (RFC 7519) and reads who it speaks for. The signature must come
// from a trusted key with an allowed algorithm of that key's type; `iss` and `aud` must be
// the configured ones exactly; `exp` is required, `nbf` honoured, both with the clock
// skew; a token may live at most the configured lifetime. Verified tokens are kept (by
// their SHA-256) until they expire, so a client that reuses its token pays once.
#include <cstdint>
#include <string>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>
#include <absl/synchronization/mutex.h>
#include <absl/time/time.h>

#include "server/auth/auth_config.h"
#include "server/auth/key_store.h"

namespace consent::auth {

struct Identity {
  std::string tenant;   // the configured tenant claim; may be empty for a platform admin
  std::string subject;  // `sub`
  absl::flat_hash_set<std::string> scopes;
  bool platform_admin = false;
  absl::Time expires;
};

inline constexpr size_t kMaxTokenBytes = 8192;

class TokenVerifier {
 public:
  TokenVerifier(const AuthConfig& config, KeyStore& keys);

  // UNAUTHENTICATED with the reason (for logs and the problem's detail; never the token),
  // UNAVAILABLE when no key was ever loaded.
  absl::StatusOr<Identity> Verify(absl::string_view token, absl::Time now);

 private:
  absl::StatusOr<Identity> VerifyUncached(absl::string_view token, absl::Time now);
  absl::StatusOr<Identity> ReadClaims(const std::string& payload, absl::Time now) const;

  const AuthConfig config_;
  KeyStore& keys_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Identity> verified_ ABSL_GUARDED_BY(mu_);
};

}  // namespace consent::auth
