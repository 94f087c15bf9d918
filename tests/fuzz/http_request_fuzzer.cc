// Fuzzes how the gateway reads requests off a connection (gateway/request_framing.h,
// gateway/request_parsing.h over Beast's parser), then routes and transcodes each request
// read (gateway/route_table.h, path_template.h, request_builder.h). The input is the bytes
// a client sends on one connection; they are read as HttpServer's sessions read them
// (http_server.cc: the header, its framing checked, the body), synchronously here, up to
// the first request that closes the connection. Beyond not crashing:
// - a read ends in a request, a refusal (400, 413, 431, 501 with a detail) or the client
//   going away; a request has a body within the limit, the Content-Length it declares, no
//   Transfer-Encoding but chunked, one Host if HTTP/1.1, an origin-form target if it was
//   sent in absolute form, and the header's fields alone (no trailer fields);
// - the requests and refusals do not depend on how the bytes are split into reads (one read,
//   or reads of 1 to 64 bytes), up to where the client leaves a request unfinished (Agree);
//   with inputs under 8 KiB, so that the buffer limits (kMaxChunkLineBytes, Beast's header
//   limit) are reached either way or not at all;
// - a request is routed, and built as the gateway builds it, with CheckBuilt's invariants.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/numbers.h>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "gateway/media_types.h"
#include "gateway/request_framing.h"
#include "gateway/request_parsing.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/transcoding.h"

namespace consent::fuzz {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using gateway::http::field;
using gateway::http::status;

constexpr uint64_t kMaxBodyBytes = 1024;  // the gateway's default is 1 MiB
constexpr int kMaxRequests = 32;          // per connection

// The client's bytes, delivered in reads of the sizes a seeded generator picks (1 to 64
// bytes), or all at once with seed 0; end of stream after the last.
class ClientBytes {
 public:
  ClientBytes(std::string_view bytes, uint64_t seed) : bytes_(bytes), state_(seed) {}

  template <typename Buffers>
  size_t read_some(const Buffers& buffers, beast::error_code& ec) {
    ec = {};
    if (position_ == bytes_.size()) {
      ec = net::error::eof;
      return 0;
    }
    size_t n = bytes_.size() - position_;
    if (state_ != 0) n = std::min<size_t>(n, 1 + Next() % 64);
    n = net::buffer_copy(buffers, net::buffer(bytes_.data() + position_, n));
    position_ += n;
    return n;
  }
  template <typename Buffers>
  size_t read_some(const Buffers& buffers) {
    beast::error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  uint64_t Next() {  // splitmix64
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

  std::string_view bytes_;
  size_t position_ = 0;
  uint64_t state_;
};

size_t FieldCount(const gateway::http::fields& fields) {
  return static_cast<size_t>(std::distance(fields.begin(), fields.end()));
}

bool IsAbsoluteForm(absl::string_view target) {
  return absl::StartsWithIgnoreCase(target, "http://") ||
         absl::StartsWithIgnoreCase(target, "https://");
}

void CheckRefusal(const gateway::Refusal& refusal) {
  FUZZ_CHECK(refusal.status == status::bad_request || refusal.status == status::payload_too_large ||
                 refusal.status == status::request_header_fields_too_large ||
                 refusal.status == status::not_implemented,
             "a refusal is 400, 413, 431 or 501");
  FUZZ_CHECK(refusal.detail != nullptr && refusal.detail[0] != '\0', "a refusal says why");
}

// A request read whole: framed as the gateway accepts, then routed and built.
void CheckRequest(const gateway::HttpRequest& request, bool sent_absolute) {
  FUZZ_CHECK(request.body().size() <= kMaxBodyBytes, "a body is within the limit");
  if (request.count(field::transfer_encoding) != 0) {
    FUZZ_CHECK(request.count(field::content_length) == 0, "not both TE and CL");
    FUZZ_CHECK(request.count(field::transfer_encoding) == 1 &&
                   absl::EqualsIgnoreCase(
                       absl::StripAsciiWhitespace(std::string(request[field::transfer_encoding])),
                       "chunked"),
               "Transfer-Encoding is chunked alone");
  }
  if (uint64_t length; request.count(field::content_length) == 1 &&
                       absl::SimpleAtoi(std::string(request[field::content_length]), &length)) {
    FUZZ_CHECK(request.body().size() == length, "a body is as long as its Content-Length");
  }
  if (request.version() >= 11) FUZZ_CHECK(request.count(field::host) == 1, "one Host");
  const std::string target(request.target());
  if (sent_absolute) FUZZ_CHECK(!target.empty() && target[0] == '/', "origin form");

  const size_t mark = target.find('?');
  const std::string path = target.substr(0, mark);
  const std::string query = mark == std::string::npos ? "" : target.substr(mark + 1);
  const Transcoding& transcoding = TheTranscoding();
  gateway::RouteTable::Lookup lookup =
      transcoding.routes.Find(std::string(request.method_string()), path);
  if (!lookup.match) return;
  std::string serialized;
  // The body as the gateway reads it: JSON, XML or a form by its Content-Type.
  const gateway::BodyFormat format =
      gateway::RequestBodyFormat(std::string(request[field::content_type]))
          .value_or(gateway::BodyFormat::kJson);
  const absl::Status built = transcoding.builder.Build(*lookup.match, query, request.body(), format,
                                                       std::nullopt, &serialized);
  CheckBuilt(*lookup.match->route, built, serialized, target.size() + request.body().size());
}

// What HttpServer's session makes of the connection's bytes: a line per request read
// ("GET /x 11 <body>") or refusal ("refused 400"), "closed" if the client went away.
std::vector<std::string> ReadConnection(ClientBytes& client) {
  std::vector<std::string> outcomes;
  beast::flat_buffer buffer;
  const auto refused = [&outcomes](const gateway::Refusal& refusal) {
    CheckRefusal(refusal);
    outcomes.push_back("refused " + std::to_string(static_cast<int>(refusal.status)));
    return outcomes;
  };
  for (int i = 0; i < kMaxRequests; ++i) {
    gateway::RequestParser parser;
    parser.body_limit(kMaxBodyBytes);
    beast::error_code ec;
    gateway::http::read_header(client, buffer, parser, ec);
    bool sent_absolute = false;
    gateway::http::fields header_fields;  // of a chunked request, as the session keeps them
    if (!ec) {                            // Session::OnHeader
      if (std::optional<gateway::Refusal> refusal = gateway::FramingRefusal(parser.get())) {
        return refused(*refusal);
      }
      const auto target = parser.get().target();
      sent_absolute = IsAbsoluteForm(absl::string_view(target.data(), target.size()));
      gateway::ToOriginForm(parser.get());
      if (parser.chunked()) header_fields = parser.get();
      (void)gateway::ExpectsContinue(parser.get());
    }
    while (!ec && !parser.is_done()) {  // Session::ReadBody
      gateway::BodyProgress progress = gateway::ParseBufferedBody(parser, header_fields, buffer);
      if (progress.refusal) return refused(*progress.refusal);
      ec = progress.error;
      if (ec || parser.is_done()) break;
      if (!parser.chunked()) {
        gateway::http::read(client, buffer, parser, ec);
        break;
      }
      const size_t n = client.read_some(buffer.prepare(gateway::kMaxChunkLineBytes), ec);
      if (ec) {
        outcomes.push_back("closed");
        return outcomes;
      }
      buffer.commit(n);
    }
    // Session::OnRead
    if (std::optional<gateway::Refusal> refusal = gateway::RefusalFor(ec)) return refused(*refusal);
    if (ec) {
      outcomes.push_back("closed");
      return outcomes;
    }
    gateway::HttpRequest request = parser.release();
    if (request.chunked()) {
      FUZZ_CHECK(FieldCount(request) == FieldCount(header_fields), "no trailer joins the header");
    }
    CheckRequest(request, sent_absolute);
    outcomes.push_back(std::string(request.method_string()) + " " + std::string(request.target()) +
                       " " + std::to_string(request.version()) + " " + request.body());
    if (!request.keep_alive()) break;
  }
  return outcomes;
}

// The same requests, then the same end, with two allowances where the connection ends:
// - where one ends with the client gone ("closed") the other may have refused what the
//   client left unfinished: Beast parses a request line as soon as it has it whole, but one
//   cut short only once the header's end is there, so a malformed header that is never
//   finished is refused or closed depending on the reads;
// - a request both malformed and too large may be refused for either (a chunk size over
//   the limit is 413 when its line arrives whole, 400 for the bare LF seen before its end).
bool Agree(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto refused = [](const std::string& outcome) { return outcome.rfind("refused ", 0) == 0; };
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    return (refused(a[i]) || a[i] == "closed") && (refused(b[i]) || b[i] == "closed");
  }
  return a.size() == b.size();
}

uint64_t Fnv1a(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325;
  for (char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3;
  return hash | 1;  // never 0, which means "all at once"
}

}  // namespace
}  // namespace consent::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace consent::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ClientBytes whole(bytes, 0);
  const std::vector<std::string> at_once = ReadConnection(whole);
  ClientBytes split(bytes, Fnv1a(bytes));
  const std::vector<std::string> in_pieces = ReadConnection(split);
  if (size < consent::gateway::kMaxChunkLineBytes && !Agree(at_once, in_pieces)) {
    for (const auto* outcomes : {&at_once, &in_pieces}) {
      std::fprintf(stderr, "%s:\n", outcomes == &at_once ? "at once" : "in pieces");
      for (const std::string& outcome : *outcomes) std::fprintf(stderr, "  %s\n", outcome.c_str());
    }
    FUZZ_CHECK(false, "what is read does not depend on how the bytes arrive");
  }
  return 0;
}
