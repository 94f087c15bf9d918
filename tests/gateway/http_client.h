#pragma once
// A minimal synchronous HTTP/1.1 client (Boost.Beast) that keeps its connection open.
#include <cstdint>
#include <map>
#include <string>

#include <utility>  // Boost 1.74 Asio uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace consent::gateway::testing {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);

  // Sends one request on the open connection and reads the response.
  Response Send(http::verb method, const std::string& target, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});
  // True if the server closed the connection (a read sees end of stream).
  bool ServerClosed();

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace consent::gateway::testing
