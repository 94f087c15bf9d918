#include "tests/support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

namespace consent::testing {

using tcp = boost::asio::ip::tcp;

struct HttpClient::Connection {
  boost::asio::io_context io;
  tcp::socket socket{io};
  boost::beast::flat_buffer buffer;
  std::string host;
};

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(const std::string& host_port) : connection_(std::make_unique<Connection>()) {
  auto colon = host_port.rfind(':');
  tcp::resolver resolver(connection_->io);
  boost::asio::connect(connection_->socket,
                       resolver.resolve(host_port.substr(0, colon), host_port.substr(colon + 1)));
  connection_->host = host_port;
}

HttpClient::HttpClient(uint16_t port) : HttpClient("127.0.0.1:" + std::to_string(port)) {}

HttpClient::~HttpClient() = default;

Response HttpClient::Exchange(const http::request<http::string_body>& request) {
  http::write(connection_->socket, request);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (request.method() == http::verb::head) parser.skip(true);
  http::read(connection_->socket, connection_->buffer, parser);
  return parser.release();
}

HttpResponse HttpClient::Request(const std::string& method, const std::string& target,
                                 const std::map<std::string, std::string>& headers,
                                 const std::string& body) {
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, connection_->host);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.body() = body;
    request.prepare_payload();
  }
  Response message = Exchange(request);
  HttpResponse response;
  response.status = message.result_int();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // A repeated field reads as one, its values joined (RFC 9110 5.3).
    std::string& value = response.headers[name];
    value += (value.empty() ? "" : ", ") + std::string(field.value());
  }
  response.body = message.body();
  return response;
}

Response HttpClient::Send(http::verb method, const std::string& target, const std::string& body,
                          const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request(method, target, 11);
  request.set(http::field::host, connection_->host);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  return Exchange(request);
}

bool HttpClient::ServerClosed() {
  boost::beast::error_code ec;
  char byte;
  connection_->socket.read_some(boost::asio::buffer(&byte, 1), ec);
  return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
}

}  // namespace consent::testing
