#pragma once
// The parsing steps of reading one request that need no I/O, shared by HttpServer's
// sessions and the fuzzers (tests/fuzz): what the bytes buffered so far make of the body,
// and the answer to a read that failed on the request itself.
#include <cstddef>
#include <optional>

#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "gateway/http_types.h"
#include "gateway/request_framing.h"

namespace consent::gateway {

using RequestParser = http::request_parser<http::string_body>;

// A chunk-size line or trailer section longer than this is refused rather than buffered.
inline constexpr size_t kMaxChunkLineBytes = 8 * 1024;

struct BodyProgress {
  boost::beast::error_code error;  // the parser's; need_more is none
  std::optional<Refusal> refusal;  // the rest can never parse: answer this and close
};

// Feeds what `buffer` holds of the body (the header parsed) to `parser`, eagerly, and
// consumes what it parsed. Neither an error nor a refusal and !parser.is_done(): more bytes
// are needed. A chunked body is refused when the rest the parser left holds a bare LF (Beast
// looks for CRLF only, so it would wait for more input until the idle timeout) or is longer
// than kMaxChunkLineBytes. Once it is whole, the request's fields are `header_fields` again,
// a copy of the header's the caller kept for a chunked body: Beast merges trailer fields
// into them, which RFC 9110 6.5.1 forbids (and a front end that filters headers lets
// trailers through), so they are dropped.
BodyProgress ParseBufferedBody(RequestParser& parser, const http::fields& header_fields,
                               boost::beast::flat_buffer& buffer);

// The answer to a read that failed on the request itself; none when the client went away
// (or the connection failed), as then nobody would read it.
std::optional<Refusal> RefusalFor(boost::beast::error_code ec);

}  // namespace consent::gateway
