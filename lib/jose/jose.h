#pragma once
// JSON Web Signatures (RFC 7515) over JSON Web Keys (RFC 7517) with cjose, which verifies a
// signature only with a key of the algorithm's type (no HS256 checked against an RSA key)
// and knows no "none". The claims inside are the caller's to check. Keys come from a JWKS
// document (verification) or a PEM private key (signing: development tokens, tests).
#include <memory>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

struct _cjose_jwk_int;

namespace consent::jose {

// One key; shared, immutable once made.
class Key {
 public:
  const std::string& kid() const { return kid_; }
  // "RSA" or "EC" (P-256); other types are not made.
  const std::string& type() const { return type_; }
  // The algorithm this key serves: RS256 for RSA, ES256 for EC P-256.
  const std::string& algorithm() const { return algorithm_; }
  const _cjose_jwk_int* jwk() const { return jwk_.get(); }

  // A fresh key of `algorithm` ("ES256" or "RS256"), for tests.
  static absl::StatusOr<std::shared_ptr<const Key>> Generate(const std::string& algorithm,
                                                             std::string kid);
  // An unencrypted PKCS#8 or SEC1 PEM private key (EC P-256 or RSA).
  static absl::StatusOr<std::shared_ptr<const Key>> FromPrivateKeyPem(absl::string_view pem,
                                                                      std::string kid);
  // The public half as a JWK object (JSON), with kid, alg and "use":"sig".
  std::string PublicJwk() const;

 private:
  friend absl::StatusOr<std::vector<std::shared_ptr<const Key>>> ParseJwks(absl::string_view);
  static absl::StatusOr<std::shared_ptr<const Key>> Wrap(_cjose_jwk_int* jwk, std::string kid);

  std::string kid_;
  std::string type_;
  std::string algorithm_;
  std::shared_ptr<_cjose_jwk_int> jwk_;
};

using KeySet = std::vector<std::shared_ptr<const Key>>;

// The signing keys of a JWKS document ({"keys":[...]}); keys of other types or uses are
// skipped. INVALID_ARGUMENT when the document is not a JWKS.
absl::StatusOr<KeySet> ParseJwks(absl::string_view json);
// {"keys":[...]} of the keys' public halves.
std::string ToJwks(const KeySet& keys);

// The protected header's parts that choose the key.
struct Header {
  std::string alg;
  std::string kid;  // empty when absent
};

// Structural checks only (three base64url segments, a JSON object header with a string
// "alg"): INVALID_ARGUMENT naming what is wrong.
absl::StatusOr<Header> ReadHeader(absl::string_view compact);

// The payload when `compact` is signed by `key` with the key's algorithm, else
// UNAUTHENTICATED.
absl::StatusOr<std::string> Verify(absl::string_view compact, const Key& key);

// A compact JWS of `payload` signed with `key` (which must hold its private half).
absl::StatusOr<std::string> Sign(absl::string_view payload, const Key& key);

// base64url without padding, both ways (RFC 7515 2).
std::string Base64UrlEncode(absl::string_view bytes);
absl::StatusOr<std::string> Base64UrlDecode(absl::string_view text);

}  // namespace consent::jose
