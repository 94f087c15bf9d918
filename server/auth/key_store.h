#pragma once
// The issuer's public keys, from a JWKS file. An unknown `kid` rereads the file (key
// rotation) at once, but at most once per `refresh_interval`, so a flood of unknown kids
// costs one read; the last good keys are kept when a reread fails.
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <absl/synchronization/mutex.h>
#include <absl/time/time.h>

#include "lib/jose/jose.h"

namespace consent::auth {

class KeyStore {
 public:
  explicit KeyStore(std::string jwks_file, absl::Duration refresh_interval = absl::Seconds(10));

  // Reads the file now; the error says why when no key could be read.
  absl::Status Load();

  // The key named `kid` ("" when the token names none: then the set must hold exactly one
  // key). UNAVAILABLE while no key was ever loaded, UNAUTHENTICATED for an unknown kid.
  absl::StatusOr<std::shared_ptr<const jose::Key>> Find(const std::string& kid);

  // How many times the file was read, for tests of the refetch bound.
  int reads() const;

 private:
  absl::StatusOr<std::shared_ptr<const jose::Key>> Lookup(const std::string& kid) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::Status ReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string jwks_file_;
  const absl::Duration refresh_interval_;
  mutable absl::Mutex mu_;
  jose::KeySet keys_ ABSL_GUARDED_BY(mu_);
  absl::Time last_reread_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  int reads_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace consent::auth
