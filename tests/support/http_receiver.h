#pragma once
// A real HTTP/1.1 server on a loopback port, for tests that need the service to call out:
// a JWKS endpoint now, webhook receivers later. Each request is answered by the test's
// handler (one at a time, Connection: close) and counted.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // Boost 1.74 Asio uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

namespace consent::testing {

class HttpReceiver {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  struct Answer {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
  };
  using Handler = std::function<Answer(const Request&)>;

  explicit HttpReceiver(Handler handler);
  ~HttpReceiver();

  uint16_t port() const { return port_; }
  std::string Url(const std::string& path) const;
  int requests() const { return requests_.load(); }
  // Closes the listener: from now on connections to the port are refused.
  void Stop();

 private:
  void Accept();
  void Serve(boost::asio::ip::tcp::socket socket);

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace consent::testing
