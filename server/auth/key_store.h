#pragma once
// The issuer's public keys, from a JWKS source (a file or a URL, jwks_source.h). The keys
// are fetched at start and refreshed in the background; an unknown `kid` (key rotation)
// fetches at once, but at most once per refetch interval, so a flood of unknown kids costs
// one fetch. A failed fetch keeps the last good keys. Calls never wait on a fetch except
// the one their own unknown kid started (or joined).
#include <memory>
#include <string>
#include <thread>

#include <absl/status/statusor.h>
#include <absl/synchronization/mutex.h>
#include <absl/time/time.h>

#include "lib/jose/jose.h"
#include "server/auth/jwks_source.h"

namespace consent::auth {

struct KeyStoreTiming {
  absl::Duration refetch_interval = absl::Seconds(10);  // between unknown-kid fetches
  // Background refresh; while no key was ever loaded it retries every refetch interval.
  absl::Duration refresh_interval = absl::Minutes(5);
};

class KeyStore {
 public:
  explicit KeyStore(JwksSource source, KeyStoreTiming timing = {});
  ~KeyStore();  // stops the refresher

  // Fetches now; the error says why when no key could be read.
  absl::Status Load();
  // Starts the background refresher (once).
  void StartRefreshing();

  // The key named `kid` ("" when the token names none: then the set must hold exactly one
  // key). UNAVAILABLE while no key was ever loaded, UNAUTHENTICATED for an unknown kid.
  absl::StatusOr<std::shared_ptr<const jose::Key>> Find(const std::string& kid);

  bool has_keys() const;
  // How many times the source was fetched, for tests of the refetch bound.
  int fetches() const;

 private:
  absl::StatusOr<std::shared_ptr<const jose::Key>> Lookup(const std::string& kid) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void Refresh();

  const JwksSource source_;
  const KeyStoreTiming timing_;
  absl::Mutex fetch_mu_ ABSL_ACQUIRED_BEFORE(mu_);  // one fetch at a time
  mutable absl::Mutex mu_;
  jose::KeySet keys_ ABSL_GUARDED_BY(mu_);
  absl::Time last_refetch_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool refetching_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int fetches_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread refresher_;
};

}  // namespace consent::auth
