#pragma once
// A minimal blocking HTTP/1.1 client for tests (one connection, keep-alive capable).
#include <map>
#include <memory>
#include <string>

namespace consent::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(const std::string& host_port);
  ~HttpClient();
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::map<std::string, std::string>& headers = {},
                       const std::string& body = "");
  HttpResponse Get(const std::string& target) { return Request("GET", target); }

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

}  // namespace consent::testing
