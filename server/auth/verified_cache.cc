#include "server/auth/verified_cache.h"

#include <openssl/evp.h>

namespace consent::auth {

std::string VerifiedCache::Digest(absl::string_view credential) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(credential.data(), credential.size(), digest, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), size);
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
