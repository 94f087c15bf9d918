#include "server/auth/key_store.h"

#include <fstream>
#include <sstream>

#include "lib/observability/json_log.h"

namespace consent::auth {

KeyStore::KeyStore(std::string jwks_file, absl::Duration refresh_interval)
    : jwks_file_(std::move(jwks_file)), refresh_interval_(refresh_interval) {}

absl::Status KeyStore::Load() {
  absl::MutexLock lock(&mu_);
  return ReadLocked();
}

absl::Status KeyStore::ReadLocked() {
  ++reads_;
  std::ifstream in(jwks_file_);
  if (!in) return absl::UnavailableError("cannot read the JWKS file " + jwks_file_);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<jose::KeySet> keys = jose::ParseJwks(text.str());
  if (!keys.ok()) return keys.status();
  if (keys->empty()) return absl::UnavailableError("the JWKS file holds no RS256 or ES256 key");
  keys_ = *std::move(keys);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const jose::Key>> KeyStore::Lookup(const std::string& kid) const {
  if (keys_.empty()) return absl::UnavailableError("no signing keys are loaded");
  if (kid.empty()) {
    if (keys_.size() == 1) return keys_.front();
    return absl::UnauthenticatedError("the token names no key (kid) and several are trusted");
  }
  for (const auto& key : keys_) {
    if (key->kid() == kid) return key;
  }
  return absl::UnauthenticatedError("the token's key (kid) is not trusted");
}

absl::StatusOr<std::shared_ptr<const jose::Key>> KeyStore::Find(const std::string& kid) {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto key = Lookup(kid);
    const bool unknown = !kid.empty() || keys_.empty();  // a reread could help
    if (key.ok() || !unknown || absl::Now() - last_reread_ < refresh_interval_) return key;
  }
  absl::MutexLock lock(&mu_);
  // Another caller may have reread the file while this one waited for the lock.
  if (absl::Now() - last_reread_ >= refresh_interval_) {
    last_reread_ = absl::Now();
    if (absl::Status loaded = ReadLocked(); !loaded.ok()) {
      observability::LogJson("warning", "JWKS reread failed; keeping the last good keys",
                             {{"error", std::string(loaded.message())}});
    }
  }
  return Lookup(kid);
}

int KeyStore::reads() const {
  absl::ReaderMutexLock lock(&mu_);
  return reads_;
}

}  // namespace consent::auth
