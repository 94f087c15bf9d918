#pragma once
// Asynchronous HTTP/1.1 server on Boost.Beast: each connection on one I/O thread, keep-alive,
// a body size limit, and graceful shutdown (stop accepting, close idle connections, let
// in-flight requests finish and answer with Connection: close). Plain HTTP, or HTTPS with a
// TlsCertificate; a connection's code is compiled for its stream, so plain HTTP pays
// nothing for TLS.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <absl/status/statusor.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "gateway/http_types.h"
#include "gateway/io_context_pool.h"
#include "gateway/tls_certificate.h"

namespace consent::gateway {

class HttpHandler {
 public:
  using Respond = std::function<void(HttpResponse)>;
  virtual ~HttpHandler() = default;
  // Answers `request` by calling `respond` exactly once, from any thread.
  virtual void Handle(HttpRequest request, Respond respond) = 0;
  // The answer to a request the server could not read whole: too large, or not HTTP.
  // `request` holds what was parsed of it (headers at most); the connection then closes.
  virtual HttpResponse Rejected(const HttpRequest& request, http::status status,
                                const std::string& detail) = 0;
};

class HttpServer {
 public:
  // A connection waiting longer than `idle_timeout` for its next request (or the rest of
  // one), or for its client to take the rest of a response, is closed. With `tls` (not
  // owned) every connection is HTTPS.
  HttpServer(IoContextPool& io, HttpHandler& handler, uint64_t max_body_bytes,
             std::chrono::milliseconds idle_timeout, TlsCertificate* tls = nullptr);
  ~HttpServer();

  // Binds and starts accepting; returns the bound port.
  absl::StatusOr<uint16_t> Listen(const std::string& host, uint16_t port);
  // Thread-safe; idempotent.
  void Shutdown();
  // Connections accepted and not yet closed. Thread-safe.
  size_t open_connections();

 private:
  using Clock = std::chrono::steady_clock;
  // What shutdown and the idle sweep see of a connection, whatever its stream.
  class Connection {
   public:
    virtual ~Connection() = default;
    virtual void Close() = 0;
    virtual void CloseIfStalledSince(Clock::time_point cutoff) = 0;
  };
  template <typename Stream>
  class Session;
  template <typename Stream, typename... Args>
  void StartSession(boost::asio::ip::tcp::socket socket, Args&&... args);
  void Accept();
  void SweepIdle();
  std::vector<std::shared_ptr<Connection>> OpenSessions();

  IoContextPool& io_;
  HttpHandler& handler_;
  uint64_t max_body_bytes_;
  std::chrono::milliseconds idle_timeout_;
  TlsCertificate* const tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_timer_;
  boost::asio::steady_timer sweep_timer_;

  std::mutex mutex_;
  bool shutting_down_ = false;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> sessions_;
};

}  // namespace consent::gateway
