#include "gateway/http_server.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

#include "gateway/request_framing.h"
#include "gateway/request_parsing.h"
#include "lib/observability/json_log.h"

namespace consent::gateway {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

template <typename Stream>
class HttpServer::Session : public HttpServer::Connection,
                            public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;

 public:
  // A TLS session holds its context: a reloaded certificate leaves it alone.
  Session(tcp::socket socket, HttpServer& server) requires(!kTls)
      : stream_(std::move(socket)), server_(server) {
    // Responses are first written without blocking from the thread that produced them.
    beast::error_code ignored;
    stream_.socket().non_blocking(true, ignored);
  }
  Session(tcp::socket socket, HttpServer& server,
          std::shared_ptr<net::ssl::context> context) requires(kTls)
      : context_(std::move(context)), stream_(std::move(socket), *context_), server_(server) {}

  ~Session() override {
    std::lock_guard lock(server_.mutex_);
    server_.sessions_.erase(this);
  }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      std::lock_guard lock(self->mutex_);
      if constexpr (kTls) {
        // The idle sweep closes a handshake that stalls as it would a request.
        self->waiting_since_ = Clock::now();
        self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
          std::lock_guard lock(self->mutex_);
          if (ec) return self->Shutdown();
          self->Read();
        });
      } else {
        self->Read();
      }
    });
  }

  // Closes the connection now if idle, else after the in-flight response, which then says
  // Connection: close (closing_ is set before this returns).
  void Close() override {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      std::lock_guard lock(self->mutex_);
      if (!self->busy_) self->Shutdown();
    });
  }

  // Closes the connection if since before `cutoff` it has been waiting for a request (or
  // the rest of one), or for the client to take the rest of a response.
  void CloseIfStalledSince(Clock::time_point cutoff) override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this(), cutoff] {
      std::lock_guard lock(self->mutex_);
      if ((!self->busy_ && self->waiting_since_ <= cutoff) ||
          (self->writing_ && self->writing_since_ <= cutoff)) {
        self->Shutdown();
      }
    });
  }

 private:
  // A response and its serializer, alive until the last byte is written.
  struct Outgoing {
    explicit Outgoing(HttpResponse response) : message(std::move(response)), serializer(message) {}
    HttpResponse message;
    http::response_serializer<http::string_body> serializer;
  };

  // With mutex_ held.
  void Read() {
    if (closing_) return Shutdown();
    waiting_since_ = Clock::now();
    parser_.emplace();
    parser_->body_limit(server_.max_body_bytes_);
    // The header first: its framing is checked (and 100 Continue sent) before any body.
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    std::unique_lock lock(mutex_);
    if (!ec) {
      if (std::optional<Refusal> refusal = FramingRefusal(parser_->get())) {
        return Refuse(std::move(lock), *refusal);
      }
      ToOriginForm(parser_->get());
      if (parser_->chunked()) header_fields_ = parser_->get();  // ParseBufferedBody restores them
    }
    if (ec || parser_->is_done()) {
      lock.unlock();
      return OnRead(ec);
    }
    if (ExpectsContinue(parser_->get())) {
      return net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                              [self = shared_from_this()](beast::error_code ec, size_t) {
                                std::unique_lock lock(self->mutex_);
                                if (ec) return self->Shutdown();
                                self->ReadBody(std::move(lock));
                              });
    }
    ReadBody(std::move(lock));
  }

  // What the header read buffered of the body is parsed at once, without another trip
  // through the I/O loop. http::async_read reads the rest of a body of known length; a
  // chunked body is read here rather than by http::async_read, which would wait for a CRLF
  // forever: ParseBufferedBody refuses a rest with a bare LF at once.
  void ReadBody(std::unique_lock<std::mutex> lock) {
    BodyProgress progress = ParseBufferedBody(*parser_, header_fields_, buffer_);
    if (progress.refusal) return Refuse(std::move(lock), *progress.refusal);
    if (progress.error || parser_->is_done()) {
      lock.unlock();
      return OnRead(progress.error);
    }
    if (!parser_->chunked()) {
      return http::async_read(
          stream_, buffer_, *parser_,
          [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
    }
    stream_.async_read_some(buffer_.prepare(kMaxChunkLineBytes),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              std::unique_lock lock(self->mutex_);
                              if (ec) return self->Shutdown();  // the client went away
                              self->buffer_.commit(n);
                              self->ReadBody(std::move(lock));
                            });
  }

  // Answers `refusal` to a request whose header was read, and closes the connection.
  void Refuse(std::unique_lock<std::mutex> lock, const Refusal& refusal) {
    closing_ = true;
    busy_ = true;
    lock.unlock();
    Respond(server_.handler_.Rejected(parser_->get(), refusal.status, refusal.detail), 11, false);
  }

  void OnRead(beast::error_code ec) {
    std::unique_lock lock(mutex_);
    if (std::optional<Refusal> refusal = RefusalFor(ec)) return Refuse(std::move(lock), *refusal);
    if (ec) return Shutdown();
    busy_ = true;
    HttpRequest request = parser_->release();
    const unsigned version = request.version();
    const bool head = request.method() == http::verb::head;
    closing_ = closing_ || !request.keep_alive();
    lock.unlock();
    // Track outstanding work so the io_context keeps running while the backend answers.
    auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
    server_.handler_.Handle(std::move(request), [self = shared_from_this(), work, version,
                                                 head](HttpResponse response) {
      self->Respond(std::move(response), version, head);
    });
  }

  // Runs on the thread that produced the response, usually the gRPC completion thread:
  // nothing else touches the connection until its response is written, and writing and
  // re-arming the read right there saves a wake-up of the I/O thread per request. What
  // the socket does not take at once, asio finishes on the I/O thread.
  // A response to HEAD keeps the Content-Length of the body it leaves out.
  void Respond(HttpResponse response, unsigned version, bool head) {
    response.version(version);
    response.prepare_payload();
    if (head) response.body().clear();
    auto out = std::make_shared<Outgoing>(std::move(response));
    std::lock_guard lock(mutex_);  // Close() and the idle sweep may run on the I/O thread
    out->message.keep_alive(!closing_);
    beast::error_code ec;
    // TLS: a write that would block must not stop half-way through a record, so asio does
    // it all.
    if constexpr (!kTls) {
      // One send attempt only: a loop would hold this thread for as long as a slow client
      // takes to read a large response.
      http::write_some(stream_.socket(), out->serializer, ec);
      if (ec == net::error::would_block || ec == net::error::try_again) ec = {};
    }
    if (!ec && !out->serializer.is_done()) {
      writing_ = true;
      writing_since_ = Clock::now();
      return http::async_write(stream_, out->serializer,
                               [self = shared_from_this(), out](beast::error_code ec, size_t) {
                                 std::lock_guard lock(self->mutex_);
                                 self->Written(ec);
                               });
    }
    Written(ec);
  }

  // With mutex_ held.
  void Written(beast::error_code ec) {
    busy_ = false;
    writing_ = false;
    if (ec || closing_) return Shutdown();
    Read();  // completes on the I/O thread, never inline
  }

  // TLS too: no close_notify, as every response is delimited by its Content-Length.
  void Shutdown() {
    beast::error_code ignored;
    tcp::socket& socket = beast::get_lowest_layer(stream_).socket();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  std::shared_ptr<net::ssl::context> context_;  // TLS only
  Stream stream_;
  HttpServer& server_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  http::fields header_fields_;  // of a chunked request being read
  std::mutex mutex_;            // the fields below: the I/O thread and the responding thread
  bool busy_ = false;
  bool closing_ = false;
  Clock::time_point waiting_since_;  // when the current request began to be read
  bool writing_ = false;             // asio is sending the rest of a response
  Clock::time_point writing_since_;
};

HttpServer::HttpServer(IoContextPool& io, HttpHandler& handler, uint64_t max_body_bytes,
                       std::chrono::milliseconds idle_timeout, TlsCertificate* tls)
    : io_(io),
      handler_(handler),
      max_body_bytes_(max_body_bytes),
      idle_timeout_(idle_timeout),
      tls_(tls),
      acceptor_(io.first()),
      accept_retry_timer_(io.first()),
      sweep_timer_(io.first()) {}

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
  if (ec)
    return absl::UnavailableError("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                  ec.message());
  Accept();
  SweepIdle();
  return acceptor_.local_endpoint().port();
}

// Idle keep-alive connections, requests that trickle in and clients that do not read their
// response hold a socket each: close those stalled longer than the idle timeout, checking a
// few times per timeout.
void HttpServer::SweepIdle() {
  sweep_timer_.expires_after(
      std::max<Clock::duration>(idle_timeout_ / 4, std::chrono::milliseconds(10)));
  sweep_timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;  // cancelled by Shutdown()
    for (const std::shared_ptr<Connection>& session : OpenSessions()) {
      session->CloseIfStalledSince(Clock::now() - idle_timeout_);
    }
    SweepIdle();
  });
}

std::vector<std::shared_ptr<HttpServer::Connection>> HttpServer::OpenSessions() {
  std::vector<std::shared_ptr<Connection>> open;
  std::lock_guard lock(mutex_);
  for (auto& [raw, weak] : sessions_) {
    if (std::shared_ptr<Connection> session = weak.lock()) open.push_back(std::move(session));
  }
  return open;
}

template <typename Stream, typename... Args>
void HttpServer::StartSession(tcp::socket socket, Args&&... args) {
  auto session =
      std::make_shared<Session<Stream>>(std::move(socket), *this, std::forward<Args>(args)...);
  bool late;
  {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session.get(), session);
    late = shutting_down_;
  }
  session->Start();
  if (late) session->Close();
}

void HttpServer::Accept() {
  acceptor_.async_accept(io_.Next(), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      // Responses go out whole; do not let Nagle hold back a response's last segment.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (tls_ != nullptr) {
        StartSession<TlsStream>(std::move(socket), tls_->Current());
      } else {
        StartSession<PlainStream>(std::move(socket));
      }
    } else {
      // Out of file descriptors (or another resource): the pending connection stays
      // acceptable, so retrying at once would spin. Retry after a pause, in which closing
      // connections may free what is missing.
      observability::LogJson("warning", "accept failed", {{"error", ec.message()}});
      accept_retry_timer_.expires_after(std::chrono::milliseconds(100));
      return accept_retry_timer_.async_wait([this](beast::error_code ec) {
        if (!ec) Accept();
      });
    }
    Accept();
  });
}

size_t HttpServer::open_connections() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void HttpServer::Shutdown() {
  net::dispatch(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_timer_.cancel();
    sweep_timer_.cancel();
  });
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  // OpenSessions() releases the lock: dropping the last reference runs ~Session, which
  // takes it.
  for (const std::shared_ptr<Connection>& session : OpenSessions()) session->Close();
}

}  // namespace consent::gateway
