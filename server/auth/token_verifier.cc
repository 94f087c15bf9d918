#include "server/auth/token_verifier.h"

#include <algorithm>
#include <cmath>

#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <nlohmann/json.hpp>

#include "lib/jose/jose.h"

namespace consent::auth {
namespace {

using nlohmann::json;

// Enough for every live token of a busy tenant population; past it the cache starts over.
constexpr size_t kMaxCachedTokens = 20000;

absl::Status Invalid(absl::string_view why) { return absl::UnauthenticatedError(why); }

// A NumericDate claim (RFC 7519 2): seconds since the epoch.
absl::StatusOr<std::optional<absl::Time>> NumericDate(const json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    return Invalid(absl::StrCat("the token's \"", name, "\" is not a number"));
  }
  return absl::FromUnixSeconds(static_cast<int64_t>(std::floor(it->get<double>())));
}

absl::StatusOr<absl::flat_hash_set<std::string>> Scopes(const json& claims) {
  absl::flat_hash_set<std::string> scopes;
  auto add_spaced = [&scopes](const json& text) {
    for (absl::string_view s : absl::StrSplit(text.get<std::string>(), ' ', absl::SkipEmpty())) {
      scopes.emplace(s);
    }
  };
  if (auto it = claims.find("scope"); it != claims.end()) {
    if (!it->is_string()) return Invalid("the token's \"scope\" is not a string");
    add_spaced(*it);
  }
  if (auto it = claims.find("scp"); it != claims.end()) {
    if (it->is_string()) {
      add_spaced(*it);
    } else if (it->is_array()) {
      for (const json& s : *it) {
        if (!s.is_string()) return Invalid("the token's \"scp\" holds a non-string");
        scopes.insert(s.get<std::string>());
      }
    } else {
      return Invalid("the token's \"scp\" is neither a string nor a list");
    }
  }
  return scopes;
}

bool HasAudience(const json& claims, const std::string& audience) {
  auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return *it == audience;
  if (!it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const json& a) { return a == audience; });
}

}  // namespace

TokenVerifier::TokenVerifier(const AuthConfig& config, KeyStore& keys)
    : config_(config), keys_(keys), verified_(kMaxCachedTokens) {}

absl::StatusOr<IdentityRef> TokenVerifier::Verify(absl::string_view token, absl::Time now) {
  if (token.size() > kMaxTokenBytes) {
    return Invalid(absl::StrCat("the token is longer than ", kMaxTokenBytes, " bytes"));
  }
  const std::string digest = VerifiedCache::Digest(token);
  if (IdentityRef cached = verified_.Find(digest, now)) return cached;
  absl::StatusOr<Identity> identity = VerifyUncached(token, now);
  if (!identity.ok()) return identity.status();
  auto verified = std::make_shared<const Identity>(*std::move(identity));
  verified_.Put(digest, verified, verified->expires + absl::Seconds(config_.clock_skew_seconds));
  return verified;
}

absl::StatusOr<Identity> TokenVerifier::VerifyUncached(absl::string_view token, absl::Time now) {
  absl::StatusOr<jose::Header> header = jose::ReadHeader(token);
  if (!header.ok()) return Invalid(absl::StrCat("malformed token: ", header.status().message()));
  if (std::find(config_.algorithms.begin(), config_.algorithms.end(), header->alg) ==
      config_.algorithms.end()) {
    return Invalid("the token's algorithm is not allowed");
  }
  absl::StatusOr<std::shared_ptr<const jose::Key>> key = keys_.Find(header->kid);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> payload = jose::Verify(token, **key);
  if (!payload.ok()) return payload.status();
  return ReadClaims(*payload, now);
}

absl::StatusOr<Identity> TokenVerifier::ReadClaims(const std::string& payload,
                                                   absl::Time now) const {
  const json claims = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return Invalid("the token's claims are not a JSON object");
  auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() || *iss != config_.issuer) {
    return Invalid("the token is not from the trusted issuer");
  }
  if (!HasAudience(claims, config_.audience)) return Invalid("the token is not for this service");
  const absl::Duration skew = absl::Seconds(config_.clock_skew_seconds);
  auto exp = NumericDate(claims, "exp");
  if (!exp.ok()) return exp.status();
  if (!*exp) return Invalid("the token has no expiry (exp)");
  if (now > **exp + skew) return Invalid("the token has expired");
  auto nbf = NumericDate(claims, "nbf");
  if (!nbf.ok()) return nbf.status();
  if (*nbf && now + skew < **nbf) return Invalid("the token is not valid yet (nbf)");
  auto iat = NumericDate(claims, "iat");
  if (!iat.ok()) return iat.status();
  const absl::Time issued = *iat ? **iat : *nbf ? **nbf : now;
  if (**exp - issued > absl::Seconds(config_.max_token_lifetime_seconds)) {
    return Invalid("the token lives longer than allowed");
  }
  Identity identity;
  identity.expires = **exp;
  auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
    return Invalid("the token names no subject (sub)");
  }
  identity.subject = *sub;
  absl::StatusOr<absl::flat_hash_set<std::string>> scopes = Scopes(claims);
  if (!scopes.ok()) return scopes.status();
  identity.scopes = *std::move(scopes);
  identity.platform_admin = identity.scopes.contains(config_.admin_scope);
  if (auto tenant = claims.find(config_.tenant_claim); tenant != claims.end()) {
    if (!tenant->is_string()) return Invalid("the token's tenant claim is not a string");
    identity.tenant = *tenant;
  }
  if (identity.tenant.empty() && !identity.platform_admin) {
    return Invalid("the token names no tenant");
  }
  return identity;
}

}  // namespace consent::auth
