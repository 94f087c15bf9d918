#pragma once
// Credentials verified once and trusted until a given time, so a client that sends the
// same credential on every call pays for the signature or the password hash once. Keyed by
// the credential's BLAKE2b-256 hash: the credential itself is never kept. Thread-safe; bounded
// (past the capacity it starts over).
#include <string>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/string_view.h>
#include <absl/synchronization/mutex.h>
#include <absl/time/time.h>

#include "server/auth/identity.h"

namespace consent::auth {

class VerifiedCache {
 public:
  explicit VerifiedCache(size_t capacity) : capacity_(capacity) {}

  static std::string Digest(absl::string_view credential);

  // The identity for `digest` while it is trusted at `now`, else null.
  IdentityRef Find(const std::string& digest, absl::Time now);
  void Put(const std::string& digest, IdentityRef identity, absl::Time trusted_until);
  // Forgets every credential of `subject` (an API user's rotated password).
  void ForgetSubject(const std::string& subject);

 private:
  struct Entry {
    IdentityRef identity;
    absl::Time trusted_until;
  };
  const size_t capacity_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace consent::auth
