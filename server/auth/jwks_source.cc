#include "server/auth/jwks_source.h"

#include <fstream>
#include <sstream>

#include <absl/strings/str_cat.h>

#include "lib/httpclient/http_client.h"

namespace consent::auth {

JwksSource JwksFromFile(std::string path) {
  return {path, [path]() -> absl::StatusOr<std::string> {
            std::ifstream in(path);
            if (!in) return absl::UnavailableError("cannot read the JWKS file " + path);
            std::stringstream text;
            text << in.rdbuf();
            return text.str();
          }};
}

JwksSource JwksFromUrl(std::string url) {
  return {url, [url]() -> absl::StatusOr<std::string> {
            absl::StatusOr<httpclient::Response> response = httpclient::Get(url);
            if (!response.ok()) return response.status();
            if (response->status != 200) {
              return absl::UnavailableError(
                  absl::StrCat("GET ", url, " answered HTTP ", response->status));
            }
            return std::move(response->body);
          }};
}

}  // namespace consent::auth
