#include "tests/support/http_receiver.h"

#include <future>

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace consent::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

HttpReceiver::HttpReceiver(Handler handler)
    : handler_(std::move(handler)),
      acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  Accept();
  thread_ = std::thread([this] { io_.run(); });
}

HttpReceiver::~HttpReceiver() {
  Stop();
  io_.stop();
  thread_.join();
}

std::string HttpReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpReceiver::Stop() {
  std::promise<void> closed;
  asio::post(io_, [this, &closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    closed.set_value();
  });
  if (!io_.stopped()) closed.get_future().wait();
}

void HttpReceiver::Accept() {
  acceptor_.async_accept([this](boost::system::error_code error, tcp::socket socket) {
    if (error) return;  // closed
    Serve(std::move(socket));
    Accept();
  });
}

void HttpReceiver::Serve(tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  Request request;
  boost::system::error_code error;
  http::read(socket, buffer, request, error);
  if (error) return;
  Answer answer = handler_(request);
  ++requests_;
  http::response<http::string_body> response(static_cast<http::status>(answer.status), 11);
  response.set(http::field::content_type, answer.content_type);
  response.set(http::field::connection, "close");
  response.body() = std::move(answer.body);
  response.prepare_payload();
  http::write(socket, response, error);
  socket.shutdown(tcp::socket::shutdown_both, error);
}

}  // namespace consent::testing
