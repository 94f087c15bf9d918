#pragma once
// The identity every test server trusts: one ES256 key per test process, its JWKS in a
// temporary file, and tokens minted with it (every scope of the API by default).
#include <string>
#include <vector>

#include <absl/time/time.h>
#include <nlohmann/json.hpp>

namespace consent::testing {

inline constexpr char kTestIssuer[] = "https://issuer.consent-tests.invalid";
inline constexpr char kTestAudience[] = "consent";

// Every scope the API declares.
const std::vector<std::string>& AllScopes();

// --jwt-issuer, --jwt-audience, --jwks-file for a server that trusts the test key.
std::vector<std::string> TestAuthFlags();
// The JWKS document of the test key, for tests that serve it over HTTP.
std::string TestJwks();

// The claims of a token for `tenant` with `scopes`, valid for an hour from now; tests
// change them before signing.
nlohmann::json TestClaims(const std::string& tenant,
                          const std::vector<std::string>& scopes = AllScopes());
// A compact JWS of `claims` signed with the test key.
std::string SignTestToken(const nlohmann::json& claims);
// "Bearer <token>" for `tenant` with every scope; its subject (the actor recorded) is
// "tester@<tenant>" unless `subject` is given.
std::string BearerFor(const std::string& tenant, const std::string& subject = "");

}  // namespace consent::testing
