#include "http_client.h"

#include <utility>  // Boost 1.74 Asio uses std::exchange without including it

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace consent::testing {

namespace http = boost::beast::http;
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

HttpClient::~HttpClient() = default;

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
  http::write(connection_->socket, request);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  http::read(connection_->socket, connection_->buffer, parser);
  auto& message = parser.get();
  HttpResponse response;
  response.status = message.result_int();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    response.headers[name] = std::string(field.value());
  }
  response.body = message.body();
  return response;
}

}  // namespace consent::testing
