// The ledger's EdDSA JWS and JWKS: what one key signs verifies with its JWKS and with
// nothing else; a changed payload, header or signature does not verify.
#include "lib/ledger/ledger_signature.h"

#include <absl/strings/escaping.h>
#include <absl/strings/str_split.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace consent::ledger {
namespace {

TEST(LedgerSignatureTest, ASignedPayloadVerifiesWithThePublishedKey) {
  const SigningKey key = SigningKey::Generate();
  const std::string jws = key.Sign(R"({"a":1})", "JWT");
  absl::StatusOr<std::string> payload = VerifyJws(jws, Jwks({&key}));
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(*payload, R"({"a":1})");

  const nlohmann::json jwk = nlohmann::json::parse(key.PublicJwk());
  EXPECT_EQ(jwk["kty"], "OKP");
  EXPECT_EQ(jwk["crv"], "Ed25519");
  EXPECT_EQ(jwk["alg"], "EdDSA");
  EXPECT_EQ(jwk["kid"], key.kid());
  EXPECT_FALSE(jwk.contains("d"));  // never the private half
}

TEST(LedgerSignatureTest, AnAlteredJwsOrAnotherKeyDoesNotVerify) {
  const SigningKey key = SigningKey::Generate();
  const SigningKey other = SigningKey::Generate();
  const std::string jws = key.Sign(R"({"granted":true})", "JWT");
  std::vector<std::string> parts = absl::StrSplit(jws, '.');
  const std::string forged_payload = absl::WebSafeBase64Escape(R"({"granted":false})");
  EXPECT_FALSE(VerifyJws(parts[0] + "." + forged_payload + "." + parts[2], Jwks({&key})).ok());
  std::string flipped = parts[2];
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyJws(parts[0] + "." + parts[1] + "." + flipped, Jwks({&key})).ok());
  EXPECT_FALSE(VerifyJws(jws, Jwks({&other})).ok());
  EXPECT_FALSE(VerifyJws("not.a-jws", Jwks({&key})).ok());
  EXPECT_FALSE(VerifyJws(jws, "{}").ok());
  // The same header with another algorithm is refused before any key is looked at.
  const std::string none_header =
      absl::WebSafeBase64Escape(nlohmann::json{{"alg", "none"}, {"kid", key.kid()}}.dump());
  EXPECT_FALSE(VerifyJws(none_header + "." + parts[1] + "." + parts[2], Jwks({&key})).ok());
}

TEST(LedgerSignatureTest, AKeyFileHoldsABase64SeedAndTheSameSeedIsTheSameKey) {
  const std::string seed_b64 = absl::Base64Escape(std::string(32, '\x07'));
  absl::StatusOr<SigningKey> a = SigningKey::FromSeedText("\n" + seed_b64 + "\n");
  absl::StatusOr<SigningKey> b = SigningKey::FromSeedText(seed_b64);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->kid(), b->kid());
  EXPECT_TRUE(VerifyJws(a->Sign("x", "JWT"), Jwks({&*b})).ok());

  absl::StatusOr<SigningKey> short_seed = SigningKey::FromSeedText(absl::Base64Escape("short"));
  ASSERT_FALSE(short_seed.ok());
  EXPECT_EQ(short_seed.status().message().find("short"), std::string::npos);  // no echo
  EXPECT_FALSE(SigningKey::FromSeedText("not base64 !").ok());
  EXPECT_FALSE(SigningKey::FromFile("/nonexistent/ledger.key").ok());
}

}  // namespace
}  // namespace consent::ledger
