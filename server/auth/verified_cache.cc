#include "server/auth/verified_cache.h"

#include <sodium.h>

#include "server/auth/passwords.h"

namespace consent::auth {

// libsodium, not OpenSSL 3's EVP_Digest: that fetches the algorithm through a global
// provider lookup on every call, which costs and contends on the per-call path.
std::string VerifiedCache::Digest(absl::string_view credential) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(credential.data()),
                     credential.size());
  return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

IdentityRef VerifiedCache::Find(const std::string& digest, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(digest);
  if (it == entries_.end()) return nullptr;
  if (now <= it->second.trusted_until) return it->second.identity;
  entries_.erase(it);
  return nullptr;
}

void VerifiedCache::Put(const std::string& digest, IdentityRef identity, absl::Time trusted_until) {
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(digest, Entry{std::move(identity), trusted_until});
}

void VerifiedCache::ForgetSubject(const std::string& subject) {
  absl::MutexLock lock(&mu_);
  absl::erase_if(entries_, [&subject](const auto& entry) {
    return entry.second.identity->subject == subject;
  });
}

}  // namespace consent::auth
