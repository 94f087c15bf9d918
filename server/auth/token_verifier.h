#pragma once
// Verifies a bearer JWT (RFC 7519) and reads who it speaks for. The signature must come
// from a trusted key with an allowed algorithm of that key's type; `iss` and `aud` must be
// the configured ones exactly; `exp` is required, `nbf` honoured, both with the clock
// skew; a token may live at most the configured lifetime. Verified tokens are kept (by
// their hash) until they expire, so a client that reuses its token pays once.
#include <cstdint>
#include <string>

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>
#include <absl/time/time.h>

#include "server/auth/auth_config.h"
#include "server/auth/identity.h"
#include "server/auth/key_store.h"
#include "server/auth/verified_cache.h"

namespace consent::auth {

inline constexpr size_t kMaxTokenBytes = 8192;

class TokenVerifier {
 public:
  TokenVerifier(const AuthConfig& config, KeyStore& keys);

  // UNAUTHENTICATED with the reason (for logs and the problem's detail; never the token),
  // UNAVAILABLE when no key was ever loaded.
  absl::StatusOr<IdentityRef> Verify(absl::string_view token, absl::Time now);

 private:
  absl::StatusOr<Identity> VerifyUncached(absl::string_view token, absl::Time now);
  absl::StatusOr<Identity> ReadClaims(const std::string& payload, absl::Time now) const;

  const AuthConfig config_;
  KeyStore& keys_;
  VerifiedCache verified_;
};

}  // namespace consent::auth
