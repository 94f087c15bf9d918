#pragma once
// The ledger's Ed25519 signatures (libsodium) as compact JWS (RFC 7515, "alg":"EdDSA" of
// RFC 8037) and its public keys as a JWKS: receipts and checkpoints are signed by the
// server and verified by anyone holding the JWKS, offline (consentctl ledger verify).
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

namespace consent::ledger {

class SigningKey {
 public:
  // A fresh random key (development, tests; a server without a key file).
  static SigningKey Generate();
  // The 32-byte Ed25519 seed, base64 (standard or URL-safe, padding optional) on the first
  // line of `text` (a key file or Secret). INVALID_ARGUMENT otherwise; the seed is never in
  // the message.
  static absl::StatusOr<SigningKey> FromSeedText(absl::string_view text);
  static absl::StatusOr<SigningKey> FromFile(const std::string& path);

  // "ed25519-" and the first 16 hex digits of SHA-256 of the public key.
  const std::string& kid() const { return kid_; }
  const std::string& public_key() const { return public_key_; }

  // Compact JWS over `payload` with header {"alg":"EdDSA","kid":...,"typ":`type`}.
  std::string Sign(absl::string_view payload, absl::string_view type) const;
  // This key's public half as one JWK object (JSON text).
  std::string PublicJwk() const;

 private:
  explicit SigningKey(std::string seed);
  std::string secret_key_;  // libsodium's 64-byte form: seed || public key
  std::string public_key_;
  std::string kid_;
};

// {"keys":[...]} of the given keys' public halves.
std::string Jwks(const std::vector<const SigningKey*>& keys);

// The payload of a compact EdDSA JWS whose signature verifies with the JWKS key its header
// names. INVALID_ARGUMENT naming what failed (malformed, unknown kid, bad signature).
absl::StatusOr<std::string> VerifyJws(absl::string_view jws, absl::string_view jwks_json);

}  // namespace consent::ledger
