#include "lib/ledger/ledger_signature.h"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <nlohmann/json.hpp>

#include "lib/ledger/event_digest.h"

namespace consent::ledger {
namespace {

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string Base64Url(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

bool DecodeBase64(absl::string_view text, std::string* out) {
  return absl::WebSafeBase64Unescape(text, out) || absl::Base64Unescape(text, out);
}

}  // namespace

SigningKey::SigningKey(std::string seed) {
  public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(public_key_.data()),
                           reinterpret_cast<unsigned char*>(secret_key_.data()), Bytes(seed));
  sodium_memzero(seed.data(), seed.size());
  kid_ = absl::StrCat("ed25519-", ToHex(Sha256(public_key_)).substr(0, 16));
}

SigningKey SigningKey::Generate() {
  if (sodium_init() < 0) std::abort();  // no randomness source: nothing can be signed
  std::string seed(crypto_sign_SEEDBYTES, '\0');
  randombytes_buf(seed.data(), seed.size());
  return SigningKey(std::move(seed));
}

absl::StatusOr<SigningKey> SigningKey::FromSeedText(absl::string_view text) {
  const absl::string_view rest = absl::StripLeadingAsciiWhitespace(text);
  const absl::string_view line = absl::StripAsciiWhitespace(rest.substr(0, rest.find('\n')));
  std::string seed;
  if (!DecodeBase64(line, &seed) || seed.size() != crypto_sign_SEEDBYTES) {
    return absl::InvalidArgumentError(
        "a ledger signing key is a 32-byte Ed25519 seed, base64, on one line");
  }
  return SigningKey(std::move(seed));
}

absl::StatusOr<SigningKey> SigningKey::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return FromSeedText(text.str());
}

std::string SigningKey::Sign(absl::string_view payload, absl::string_view type) const {
  const nlohmann::json header = {{"alg", "EdDSA"}, {"kid", kid_}, {"typ", std::string(type)}};
  const std::string input = absl::StrCat(Base64Url(header.dump()), ".", Base64Url(payload));
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, Bytes(input),
                       input.size(), Bytes(secret_key_));
  return absl::StrCat(input, ".", Base64Url(signature));
}

std::string SigningKey::PublicJwk() const {
  return nlohmann::json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Base64Url(public_key_)},
                        {"kid", kid_},  {"alg", "EdDSA"},   {"use", "sig"}}
      .dump();
}

std::string Jwks(const std::vector<const SigningKey*>& keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const SigningKey* key : keys) list.push_back(nlohmann::json::parse(key->PublicJwk()));
  return nlohmann::json{{"keys", list}}.dump();
}

absl::StatusOr<std::string> VerifyJws(absl::string_view jws, absl::string_view jwks_json) {
  const std::vector<absl::string_view> parts = absl::StrSplit(jws, '.');
  std::string header_text, payload, signature;
  if (parts.size() != 3 || !absl::WebSafeBase64Unescape(parts[0], &header_text) ||
      !absl::WebSafeBase64Unescape(parts[1], &payload) ||
      !absl::WebSafeBase64Unescape(parts[2], &signature) || signature.size() != crypto_sign_BYTES) {
    return absl::InvalidArgumentError("not a compact JWS");
  }
  const nlohmann::json header = nlohmann::json::parse(header_text, nullptr, false);
  if (!header.is_object() || header.value("alg", "") != "EdDSA" || !header.contains("kid") ||
      !header["kid"].is_string()) {
    return absl::InvalidArgumentError("the JWS header is not EdDSA with a kid");
  }
  const nlohmann::json jwks = nlohmann::json::parse(jwks_json, nullptr, false);
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return absl::InvalidArgumentError("not a JWKS");
  }
  for (const auto& key : jwks["keys"]) {
    if (!key.is_object() || key.value("kid", "") != header["kid"].get<std::string>() ||
        key.value("kty", "") != "OKP" || key.value("crv", "") != "Ed25519") {
      continue;
    }
    std::string public_key;
    if (!absl::WebSafeBase64Unescape(key.value("x", ""), &public_key) ||
        public_key.size() != crypto_sign_PUBLICKEYBYTES) {
      return absl::InvalidArgumentError("the JWKS key is not an Ed25519 public key");
    }
    const std::string input = absl::StrCat(parts[0], ".", parts[1]);
    if (crypto_sign_verify_detached(Bytes(signature), Bytes(input), input.size(),
                                    Bytes(public_key)) != 0) {
      return absl::InvalidArgumentError("the JWS signature does not verify");
    }
    return payload;
  }
  return absl::InvalidArgumentError("no key of the JWKS has the JWS's kid");
}

}  // namespace consent::ledger
