#pragma once
// The HTTP message types shared by the server, the handler and problem rendering.
#include <boost/beast/http.hpp>

namespace consent::gateway {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

}  // namespace consent::gateway
