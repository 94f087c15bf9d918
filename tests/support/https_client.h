#pragma once
// One HTTPS request for tests (Beast over OpenSSL, a connection per request): the server's
// certificate must chain to `ca_pem` and carry `verify_name`.
#include <map>
#include <string>

namespace consent::testing {

struct HttpsResult {
  std::string error;  // empty when a response was read; else what failed (handshake, ...)
  int status = 0;
  std::string body;
  std::string peer_common_name;  // of the certificate the server presented
};

HttpsResult HttpsRequest(const std::string& host_port, const std::string& ca_pem,
                         const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& verify_name = "localhost");

}  // namespace consent::testing
