#include "gateway/request_parsing.h"

#include <string_view>

namespace consent::gateway {
namespace {

namespace beast = boost::beast;

// True if `bytes` hold an LF without the CR before it.
bool HasBareLf(std::string_view bytes) {
  for (size_t i = bytes.find('\n'); i != std::string_view::npos; i = bytes.find('\n', i + 1)) {
    if (i == 0 || bytes[i - 1] != '\r') return true;
  }
  return false;
}

}  // namespace

BodyProgress ParseBufferedBody(RequestParser& parser, const http::fields& header_fields,
                               beast::flat_buffer& buffer) {
  BodyProgress progress;
  beast::error_code& ec = progress.error;
  parser.eager(true);
  if (!parser.chunked()) {
    if (buffer.size() != 0) buffer.consume(parser.put(buffer.data(), ec));
    if (ec == http::error::need_more) ec = {};
    return progress;
  }
  while (buffer.size() != 0 && !parser.is_done()) {
    buffer.consume(parser.put(buffer.data(), ec));
    if (ec) break;
  }
  if (ec == http::error::need_more) ec = {};
  if (!ec && parser.is_done()) static_cast<http::fields&>(parser.get()) = header_fields;
  if (ec || parser.is_done()) return progress;
  const std::string_view rest(static_cast<const char*>(buffer.data().data()), buffer.size());
  if (HasBareLf(rest)) {
    progress.refusal = Refusal{http::status::bad_request, "Chunked body lines must end in CRLF."};
  } else if (rest.size() > kMaxChunkLineBytes) {
    progress.refusal =
        Refusal{http::status::bad_request, "A chunk-size line or trailer is too long."};
  }
  return progress;
}

std::optional<Refusal> RefusalFor(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    return Refusal{http::status::payload_too_large, "The request body is too large."};
  }
  if (ec == http::error::header_limit) {
    return Refusal{http::status::request_header_fields_too_large,
                   "The request line and headers are too large."};
  }
  if (ec.category() == beast::error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message &&
      ec != http::error::short_read) {
    return Refusal{http::status::bad_request, "The request is not valid HTTP/1.1."};
  }
  return std::nullopt;
}

}  // namespace consent::gateway
