#include "lib/observability/metrics_endpoint.h"

#include <utility>  // Boost 1.74 Asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace consent::observability {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct MetricsEndpoint::State {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  const Metrics* metrics = nullptr;

  void Accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      Serve(std::move(socket));
      Accept();
    });
  }

  // Scrapes are rare and small: answer one request per connection synchronously.
  void Serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    boost::system::error_code ec;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    http::response<http::string_body> response;
    response.version(request.version());
    response.keep_alive(false);
    if (request.method() == http::verb::get && request.target() == "/metrics") {
      response.result(http::status::ok);
      response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response.body() = metrics->Render();
    } else {
      response.result(http::status::not_found);
      response.set(http::field::content_type, "text/plain");
      response.body() = "not found\n";
    }
    response.prepare_payload();
    http::write(socket, response, ec);
  }
};

MetricsEndpoint::MetricsEndpoint(const std::string& listen, const Metrics& metrics)
    : state_(std::make_unique<State>()) {
  auto colon = listen.rfind(':');
  tcp::endpoint endpoint(asio::ip::make_address(listen.substr(0, colon)),
                         static_cast<unsigned short>(std::stoi(listen.substr(colon + 1))));
  state_->metrics = &metrics;
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(asio::socket_base::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen();
  state_->Accept();
  thread_ = std::thread([this] { state_->io.run(); });
}

MetricsEndpoint::~MetricsEndpoint() {
  state_->io.stop();
  thread_.join();
}

int MetricsEndpoint::port() const { return state_->acceptor.local_endpoint().port(); }

}  // namespace consent::observability
