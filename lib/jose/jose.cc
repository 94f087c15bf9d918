#include "lib/jose/jose.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <cjose/cjose.h>
#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace consent::jose {
namespace {

using nlohmann::json;

std::string ErrorText(const cjose_err& err) {
  return err.message != nullptr ? err.message : "unknown cjose error";
}

std::shared_ptr<_cjose_jwk_int> Own(cjose_jwk_t* jwk) {
  return std::shared_ptr<_cjose_jwk_int>(jwk, [](cjose_jwk_t* k) { cjose_jwk_release(k); });
}

// Big-endian bytes of a BIGNUM parameter of `key`, left-padded to `width` when non-zero.
std::string BnParam(const EVP_PKEY* key, const char* name, size_t width = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return "";
  std::string out(std::max<size_t>(width, BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_clear_free(bn);
  return out;
}

uint8_t* Bytes(std::string& s) { return reinterpret_cast<uint8_t*>(s.data()); }

absl::StatusOr<cjose_jwk_t*> EcFromPkey(const EVP_PKEY* key) {
  char group[64] = {0};
  size_t group_len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     &group_len) != 1 ||
      absl::string_view(group) != "prime256v1") {
    return absl::InvalidArgumentError("the EC key must be on P-256 (prime256v1)");
  }
  unsigned char point[65];
  size_t point_len = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point),
                                      &point_len) != 1 ||
      point_len != 65 || point[0] != 0x04) {
    return absl::InvalidArgumentError("unreadable EC public key");
  }
  std::string d = BnParam(key, OSSL_PKEY_PARAM_PRIV_KEY, 32);
  std::string x(reinterpret_cast<char*>(point + 1), 32), y(reinterpret_cast<char*>(point + 33), 32);
  cjose_jwk_ec_keyspec spec{};
  spec.crv = CJOSE_JWK_EC_P_256;
  spec.d = Bytes(d);
  spec.dlen = d.size();
  spec.x = Bytes(x);
  spec.xlen = x.size();
  spec.y = Bytes(y);
  spec.ylen = y.size();
  cjose_err err;
  cjose_jwk_t* jwk = cjose_jwk_create_EC_spec(&spec, &err);
  OPENSSL_cleanse(d.data(), d.size());
  if (jwk == nullptr) return absl::InvalidArgumentError(ErrorText(err));
  return jwk;
}

absl::StatusOr<cjose_jwk_t*> RsaFromPkey(const EVP_PKEY* key) {
  std::string n = BnParam(key, OSSL_PKEY_PARAM_RSA_N), e = BnParam(key, OSSL_PKEY_PARAM_RSA_E),
              d = BnParam(key, OSSL_PKEY_PARAM_RSA_D),
              p = BnParam(key, OSSL_PKEY_PARAM_RSA_FACTOR1),
              q = BnParam(key, OSSL_PKEY_PARAM_RSA_FACTOR2),
              dp = BnParam(key, OSSL_PKEY_PARAM_RSA_EXPONENT1),
              dq = BnParam(key, OSSL_PKEY_PARAM_RSA_EXPONENT2),
              qi = BnParam(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
  if (n.size() < 256) return absl::InvalidArgumentError("RSA keys must have at least 2048 bits");
  cjose_jwk_rsa_keyspec spec{};
  spec.n = Bytes(n), spec.nlen = n.size(), spec.e = Bytes(e), spec.elen = e.size();
  spec.d = Bytes(d), spec.dlen = d.size(), spec.p = Bytes(p), spec.plen = p.size();
  spec.q = Bytes(q), spec.qlen = q.size(), spec.dp = Bytes(dp), spec.dplen = dp.size();
  spec.dq = Bytes(dq), spec.dqlen = dq.size(), spec.qi = Bytes(qi), spec.qilen = qi.size();
  cjose_err err;
  cjose_jwk_t* jwk = cjose_jwk_create_RSA_spec(&spec, &err);
  for (std::string* secret : {&d, &p, &q, &dp, &dq, &qi})
    OPENSSL_cleanse(secret->data(), secret->size());
  if (jwk == nullptr) return absl::InvalidArgumentError(ErrorText(err));
  return jwk;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Key>> Key::Wrap(cjose_jwk_t* raw, std::string kid) {
  std::shared_ptr<_cjose_jwk_int> jwk = Own(raw);
  cjose_err err;
  auto key = std::make_shared<Key>();
  switch (cjose_jwk_get_kty(raw, &err)) {
    case CJOSE_JWK_KTY_RSA:
      key->type_ = "RSA";
      key->algorithm_ = "RS256";
      break;
    case CJOSE_JWK_KTY_EC:
      if (cjose_jwk_EC_get_curve(raw, &err) != CJOSE_JWK_EC_P_256) {
        return absl::InvalidArgumentError("only P-256 EC keys are supported");
      }
      key->type_ = "EC";
      key->algorithm_ = "ES256";
      break;
    default:
      return absl::InvalidArgumentError("only RSA and EC keys verify signatures here");
  }
  key->kid_ = std::move(kid);
  key->jwk_ = std::move(jwk);
  return std::shared_ptr<const Key>(std::move(key));
}

absl::StatusOr<std::shared_ptr<const Key>> Key::Generate(const std::string& algorithm,
                                                         std::string kid) {
  cjose_err err;
  cjose_jwk_t* jwk = nullptr;
  if (algorithm == "ES256") {
    jwk = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
  } else if (algorithm == "RS256") {
    static const uint8_t kExponent[] = {0x01, 0x00, 0x01};
    jwk = cjose_jwk_create_RSA_random(2048, kExponent, sizeof(kExponent), &err);
  } else {
    return absl::InvalidArgumentError("algorithm must be ES256 or RS256");
  }
  if (jwk == nullptr) return absl::InternalError(ErrorText(err));
  return Wrap(jwk, std::move(kid));
}

absl::StatusOr<std::shared_ptr<const Key>> Key::FromPrivateKeyPem(absl::string_view pem,
                                                                  std::string kid) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (pkey == nullptr) return absl::InvalidArgumentError("not an unencrypted PEM private key");
  absl::StatusOr<cjose_jwk_t*> jwk = EVP_PKEY_is_a(pkey, "EC") ? EcFromPkey(pkey)
                                     : EVP_PKEY_is_a(pkey, "RSA")
                                         ? RsaFromPkey(pkey)
                                         : absl::InvalidArgumentError("the key must be EC or RSA");
  EVP_PKEY_free(pkey);
  if (!jwk.ok()) return jwk.status();
  return Wrap(*jwk, std::move(kid));
}

std::string Key::PublicJwk() const {
  cjose_err err;
  char* text = cjose_jwk_to_json(jwk_.get(), false, &err);
  json jwk = json::parse(text);
  free(text);
  jwk["kid"] = kid_;
  jwk["alg"] = algorithm_;
  jwk["use"] = "sig";
  return jwk.dump();
}

absl::StatusOr<KeySet> ParseJwks(absl::string_view text) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array()) {
    return absl::InvalidArgumentError("a JWKS is an object with a \"keys\" array");
  }
  KeySet keys;
  for (const json& entry : document["keys"]) {
    if (!entry.is_object()) continue;
    if (entry.contains("use") && entry["use"] != "sig") continue;
    const std::string kty = entry.value("kty", "");
    if (kty != "RSA" && kty != "EC") continue;  // "oct" and others never verify here
    const std::string dumped = entry.dump();
    cjose_err err;
    cjose_jwk_t* jwk = cjose_jwk_import(dumped.data(), dumped.size(), &err);
    if (jwk == nullptr) continue;
    std::string kid = entry.contains("kid") && entry["kid"].is_string() ? entry["kid"] : "";
    absl::StatusOr<std::shared_ptr<const Key>> key = Key::Wrap(jwk, std::move(kid));
    if (!key.ok()) continue;
    // A key that names its algorithm must name the one its type serves.
    if (entry.contains("alg") && entry["alg"] != (*key)->algorithm()) continue;
    keys.push_back(*std::move(key));
  }
  return keys;
}

std::string ToJwks(const KeySet& keys) {
  json document = {{"keys", json::array()}};
  for (const auto& key : keys) document["keys"].push_back(json::parse(key->PublicJwk()));
  return document.dump();
}

std::string Base64UrlEncode(absl::string_view bytes) {
  cjose_err err;
  char* out = nullptr;
  size_t out_len = 0;
  if (!cjose_base64url_encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &out,
                              &out_len, &err)) {
    return "";
  }
  std::string text(out, out_len);
  cjose_get_dealloc()(out);
  return text;
}

absl::StatusOr<std::string> Base64UrlDecode(absl::string_view text) {
  cjose_err err;
  uint8_t* out = nullptr;
  size_t out_len = 0;
  if (!cjose_base64url_decode(text.data(), text.size(), &out, &out_len, &err)) {
    return absl::InvalidArgumentError("not base64url");
  }
  std::string bytes(reinterpret_cast<char*>(out), out_len);
  cjose_get_dealloc()(out);
  return bytes;
}

absl::StatusOr<Header> ReadHeader(absl::string_view compact) {
  std::vector<absl::string_view> parts = absl::StrSplit(compact, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    return absl::InvalidArgumentError("a JWS has three non-empty dot-separated segments");
  }
  for (absl::string_view part : parts) {
    if (part.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
        absl::string_view::npos) {
      return absl::InvalidArgumentError("a JWS segment is not base64url");
    }
  }
  absl::StatusOr<std::string> decoded = Base64UrlDecode(parts[0]);
  if (!decoded.ok()) return decoded.status();
  json header = json::parse(*decoded, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
    return absl::InvalidArgumentError("the JWS header is not a JSON object with a string alg");
  }
  if (header.contains("kid") && !header["kid"].is_string()) {
    return absl::InvalidArgumentError("the JWS kid is not a string");
  }
  return Header{header["alg"], header.value("kid", "")};
}

absl::StatusOr<std::string> Verify(absl::string_view compact, const Key& key) {
  absl::StatusOr<Header> header = ReadHeader(compact);
  if (!header.ok()) return absl::UnauthenticatedError(header.status().message());
  if (header->alg != key.algorithm()) {
    return absl::UnauthenticatedError("the token's algorithm does not match its key");
  }
  cjose_err err;
  cjose_jws_t* jws = cjose_jws_import(compact.data(), compact.size(), &err);
  if (jws == nullptr) return absl::UnauthenticatedError("unreadable token");
  std::unique_ptr<cjose_jws_t, void (*)(cjose_jws_t*)> owned(jws, cjose_jws_release);
  if (!cjose_jws_verify(jws, key.jwk(), &err)) {
    return absl::UnauthenticatedError("the token's signature does not verify");
  }
  uint8_t* payload = nullptr;
  size_t payload_len = 0;
  if (!cjose_jws_get_plaintext(jws, &payload, &payload_len, &err)) {
    return absl::UnauthenticatedError("unreadable token payload");
  }
  return std::string(reinterpret_cast<char*>(payload), payload_len);
}

absl::StatusOr<std::string> Sign(absl::string_view payload, const Key& key) {
  cjose_err err;
  cjose_header_t* header = cjose_header_new(&err);
  std::unique_ptr<cjose_header_t, void (*)(cjose_header_t*)> owned_header(header,
                                                                          cjose_header_release);
  const char* alg = key.algorithm() == "ES256" ? CJOSE_HDR_ALG_ES256 : CJOSE_HDR_ALG_RS256;
  if (!cjose_header_set(header, CJOSE_HDR_ALG, alg, &err) ||
      (!key.kid().empty() && !cjose_header_set(header, CJOSE_HDR_KID, key.kid().c_str(), &err)) ||
      !cjose_header_set(header, "typ", "JWT", &err)) {
    return absl::InternalError(ErrorText(err));
  }
  cjose_jws_t* jws = cjose_jws_sign(
      key.jwk(), header, reinterpret_cast<const uint8_t*>(payload.data()), payload.size(), &err);
  if (jws == nullptr) return absl::InvalidArgumentError(ErrorText(err));
  std::unique_ptr<cjose_jws_t, void (*)(cjose_jws_t*)> owned(jws, cjose_jws_release);
  const char* compact = nullptr;
  if (!cjose_jws_export(jws, &compact, &err)) return absl::InternalError(ErrorText(err));
  return std::string(compact);
}

}  // namespace consent::jose
