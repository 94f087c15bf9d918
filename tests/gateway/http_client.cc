#include "http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

namespace consent::gateway::testing {

HttpClient::HttpClient(uint16_t port) : stream_(io_) {
  stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
}

Response HttpClient::Send(http::verb method, const std::string& target, const std::string& body,
                          const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request(method, target, 11);
  request.set(http::field::host, "127.0.0.1");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream_, request);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream_, buffer_, parser);
  return parser.release();
}

bool HttpClient::ServerClosed() {
  boost::beast::error_code ec;
  char byte;
  stream_.socket().read_some(boost::asio::buffer(&byte, 1), ec);
  return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
}

}  // namespace consent::gateway::testing
