#pragma once
// How callers prove who they are. Bearer JWTs from one issuer, verified with the keys of a
// JWKS (a file or a URL); the tenant, scopes and actor come from the token's claims.
#include <string>
#include <vector>

namespace consent::auth {

struct AuthConfig {
  // Authentication off: every call is admitted and names its own tenant. Only for
  // development; the server says so loudly at start and in its health.
  bool insecure_no_auth = false;
  std::string issuer;    // the `iss` a token must carry, exactly
  std::string audience;  // one of its `aud` values, exactly
  // The issuer's public keys: a JWKS file or URL, exactly one of them.
  std::string jwks_file;
  std::string jwks_url;
  int jwks_refresh_seconds = 300;  // background refresh
  int jwks_refetch_seconds = 10;   // at most one fetch per this for unknown kids
  std::vector<std::string> algorithms = {"RS256", "ES256"};
  std::string tenant_claim = "tenant";
  // Accept `Authorization: Basic` of API users (server/api_users).
  bool basic_auth = true;
  // A scope that lets its holder act for any tenant.
  std::string admin_scope = "consent:platform:admin";
  int clock_skew_seconds = 60;
  int max_token_lifetime_seconds = 24 * 3600;
};

}  // namespace consent::auth
