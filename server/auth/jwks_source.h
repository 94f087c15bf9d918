#pragma once
// Where the issuer's public keys come from: a JWKS document in a file (a mounted ConfigMap)
// or at an http(s) URL (the identity provider's jwks_uri). A source answers the document's
// text, or why it could not.
#include <functional>
#include <string>

#include <absl/status/statusor.h>

namespace consent::auth {

struct JwksSource {
  std::string description;  // for log lines: the file or the URL
  std::function<absl::StatusOr<std::string>()> fetch;
};

JwksSource JwksFromFile(std::string path);
// Bounded: 5 s, 1 MiB; any status but 200 is an error.
JwksSource JwksFromUrl(std::string url);

}  // namespace consent::auth
