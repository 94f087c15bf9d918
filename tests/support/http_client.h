#pragma once
// A minimal blocking HTTP/1.1 client for tests: one keep-alive connection. Request()
// answers a plain struct; Send() answers the Beast message, for tests that inspect it
// field by field.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>  // Boost 1.74 Asio uses std::exchange without including it

#include <boost/beast/http.hpp>

namespace consent::testing {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeated ones joined by ", "
  std::string body;
  std::string header(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(const std::string& host_port);
  explicit HttpClient(uint16_t port);  // 127.0.0.1:port
  ~HttpClient();

  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::map<std::string, std::string>& headers = {},
                       const std::string& body = "");
  HttpResponse Get(const std::string& target) { return Request("GET", target); }

  // A non-empty `body` goes as application/json unless `headers` name another type.
  Response Send(http::verb method, const std::string& target, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});

  // True if the server closed the connection (a read sees end of stream).
  bool ServerClosed();

 private:
  Response Exchange(const http::request<http::string_body>& request);

  struct Connection;
  std::unique_ptr<Connection> connection_;
};

}  // namespace consent::testing
