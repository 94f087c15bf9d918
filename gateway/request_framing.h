#pragma once
// What the server checks of a request's header before it reads the body (RFC 9112): how
// the body is framed, Host, and Expect: 100-continue; and the absolute-form target
// proxies send, turned into the origin form the routes match.
#include <optional>

#include "gateway/http_types.h"

namespace consent::gateway {

struct Refusal {
  http::status status;
  const char* detail;
};

// Why the request must be refused (and its connection closed), or none:
// - Transfer-Encoding other than exactly "chunked" (a coding before it: 501; not ending in
//   chunked, or chunked twice: 400), or together with Content-Length (400): anything else
//   lets a front end and the gateway disagree on where the request ends (smuggling);
// - HTTP/1.1 without exactly one Host (400); HTTP/1.0 may leave it out.
std::optional<Refusal> FramingRefusal(const http::request_header<>& header);

// True if the client waits for "100 Continue" before it sends the body.
bool ExpectsContinue(const http::request_header<>& header);

// "http://host:port/path?q" -> "/path?q" ("/" when the path is empty); an origin-form
// target stays as it is, without allocating.
void ToOriginForm(http::request_header<>& header);

}  // namespace consent::gateway
