#include "http_server.h"

#include <atomic>
#include <optional>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>

namespace consent::gateway {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

class HttpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer& server)
      : stream_(std::move(socket)), server_(server) {}

  ~Session() {
    std::lock_guard lock(server_.mutex_);
    server_.sessions_.erase(this);
  }

  void Start() { net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); }); }

  // Closes the connection now if idle, else after the in-flight response.
  void Close() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->Shutdown();
    });
  }

 private:
  void Read() {
    if (closing_) return Shutdown();
    parser_.emplace();
    parser_->body_limit(server_.max_body_bytes_);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      closing_ = true;
      busy_ = true;
      return Write(server_.handler_.BodyTooLarge(parser_->get()), 11);
    }
    if (ec) return Shutdown();
    busy_ = true;
    HttpRequest request = parser_->release();
    const unsigned version = request.version();
    closing_ = closing_ || !request.keep_alive();
    // Track outstanding work so the io_context keeps running while the backend answers.
    auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
    // The response usually arrives on a gRPC thread. Nothing else touches this connection
    // until its response is written, so the write starts right there instead of after a
    // hop to the connection's strand (a thread wake-up per request); asio sends what it
    // can at once and runs the completion on the strand.
    server_.handler_.Handle(std::move(request), [self = shared_from_this(), work,
                                                 version](HttpResponse response) {
      self->Write(std::move(response), version);
    });
  }

  void Write(HttpResponse response, unsigned version) {
    auto message = std::make_shared<HttpResponse>(std::move(response));
    message->version(version);
    message->keep_alive(!closing_);
    message->prepare_payload();
    http::async_write(stream_, *message,
                      [self = shared_from_this(), message](beast::error_code ec, size_t) {
                        self->busy_ = false;
                        if (ec || self->closing_) return self->Shutdown();
                        self->Read();
                      });
  }

  void Shutdown() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  HttpServer& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool busy_ = false;
  std::atomic<bool> closing_ = false;  // Close() sets it on the strand while a write may start
};

HttpServer::HttpServer(net::io_context& io, HttpHandler& handler, uint64_t max_body_bytes)
    : io_(io), handler_(handler), max_body_bytes_(max_body_bytes), acceptor_(net::make_strand(io)) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<uint16_t> HttpServer::Listen(const std::string& host, uint16_t port) {
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (ec) return absl::InvalidArgumentError("bad listen address " + host + ": " + ec.message());
  const tcp::endpoint endpoint(address, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return absl::UnavailableError("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  Accept();
  return acceptor_.local_endpoint().port();
}

void HttpServer::Accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      // Responses go out whole; do not let Nagle hold back a response's last segment.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto session = std::make_shared<Session>(std::move(socket), *this);
      bool late;
      {
        std::lock_guard lock(mutex_);
        sessions_.emplace(session.get(), session);
        late = shutting_down_;
      }
      session->Start();
      if (late) session->Close();
    }
    Accept();
  });
}

void HttpServer::Shutdown() {
  net::dispatch(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [raw, weak] : sessions_) {
      if (std::shared_ptr<Session> session = weak.lock()) open.push_back(std::move(session));
    }
  }
  // Outside the lock: dropping the last reference runs ~Session, which takes the lock.
  for (const std::shared_ptr<Session>& session : open) session->Close();
}

}  // namespace consent::gateway
