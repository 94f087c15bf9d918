#include "server/auth/basic_verifier.h"

#include <algorithm>

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/str_cat.h>

#include "server/auth/passwords.h"

namespace consent::auth {
namespace {

// RFC 7617 leaves the length open; ours: a 64-character name and a generated password fit
// many times over.
constexpr size_t kMaxCredentialBytes = 512;
constexpr size_t kMaxCachedCredentials = 10000;

absl::Status Refused() { return absl::UnauthenticatedError("unknown API user or wrong password"); }

}  // namespace

std::string ApiUserSubject(absl::string_view user_name) {
  return absl::StrCat("api-user:", user_name);
}

bool IsApiUserName(absl::string_view user_name) {
  return user_name.size() >= 3 && user_name.size() <= 64 &&
         std::all_of(user_name.begin(), user_name.end(), [](char c) {
           return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-';
         });
}

BasicVerifier::BasicVerifier(ApiUserLookup lookup, int max_concurrent_hashes)
    : lookup_(std::move(lookup)),
      decoy_hash_(HashPassword(GeneratePassword()).value_or("")),
      verified_(kMaxCachedCredentials),
      free_slots_(max_concurrent_hashes) {}

bool BasicVerifier::CheckPassword(const std::string& hash, absl::string_view password) {
  {
    absl::MutexLock lock(&slots_mu_);
    slots_mu_.Await(absl::Condition(
        +[](int* free) { return *free > 0; }, &free_slots_));
    --free_slots_;
    ++hashes_checked_;
  }
  const bool matches = VerifyPassword(hash, password);
  absl::MutexLock lock(&slots_mu_);
  ++free_slots_;
  return matches;
}

absl::StatusOr<IdentityRef> BasicVerifier::Verify(absl::string_view credentials, absl::Time now) {
  if (credentials.size() > kMaxCredentialBytes) return Refused();
  std::string decoded;
  if (!absl::Base64Unescape(credentials, &decoded)) {
    return absl::UnauthenticatedError("malformed Basic credentials: not base64");
  }
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos) {
    return absl::UnauthenticatedError("malformed Basic credentials: no user:password");
  }
  const std::string digest = VerifiedCache::Digest(decoded);
  if (IdentityRef cached = verified_.Find(digest, now)) return cached;

  const std::string user_name = decoded.substr(0, colon);
  const absl::string_view password = absl::string_view(decoded).substr(colon + 1);
  // A name no user can have is looked up nowhere, but costs the same hash check.
  absl::StatusOr<std::optional<StoredApiUser>> user =
      IsApiUserName(user_name) ? lookup_(user_name) : std::nullopt;
  if (!user.ok()) return absl::UnavailableError("API users cannot be checked now; retry later");
  // The same work whether or not the user exists.
  const bool matches = CheckPassword(*user ? (*user)->password_hash : decoy_hash_, password);
  if (!*user || !matches) return Refused();

  auto identity = std::make_shared<Identity>();
  identity->tenant = (*user)->tenant;
  identity->subject = ApiUserSubject(user_name);
  identity->scopes.insert((*user)->scopes.begin(), (*user)->scopes.end());
  identity->expires = now + kTrustedFor;
  verified_.Put(digest, identity, identity->expires);
  return identity;
}

int BasicVerifier::hashes_checked() {
  absl::MutexLock lock(&slots_mu_);
  return hashes_checked_;
}

void BasicVerifier::Forget(absl::string_view user_name) {
  verified_.ForgetSubject(ApiUserSubject(user_name));
}

}  // namespace consent::auth
