#include "tests/support/https_client.h"

#include <utility>  // Boost 1.74 Asio uses std::exchange without including it

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace consent::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

HttpsResult HttpsRequest(const std::string& host_port, const std::string& ca_pem,
                         const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers,
                         const std::string& verify_name) {
  HttpsResult result;
  try {
    net::io_context io;
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.add_certificate_authority(net::buffer(ca_pem));
    ctx.set_verify_mode(net::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    stream.set_verify_callback(net::ssl::host_name_verification(verify_name));
    SSL_set_tlsext_host_name(stream.native_handle(), verify_name.c_str());
    const size_t colon = host_port.rfind(':');
    net::ip::tcp::resolver resolver(io);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(stream).connect(
        resolver.resolve(host_port.substr(0, colon), host_port.substr(colon + 1)));
    stream.handshake(net::ssl::stream_base::client);
    if (X509* peer = SSL_get_peer_certificate(stream.native_handle())) {
      char name[256] = {};
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
      result.peer_common_name = name;
      X509_free(peer);
    }
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, host_port);
    for (const auto& [name, value] : headers) request.set(name, value);
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    result.status = response.result_int();
    result.body = response.body();
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

}  // namespace consent::testing
