#include "gateway/request_framing.h"

#include <iterator>
#include <string>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_split.h>
#include <absl/strings/string_view.h>

namespace consent::gateway {
namespace {

absl::string_view View(boost::beast::string_view s) { return {s.data(), s.size()}; }

// The codings of the one Transfer-Encoding line, checked; none when absent. A second line,
// or an empty list element, is refused rather than read the lenient way RFC 9110 §5.6.1
// allows: Beast decides "chunked" per line, so `chunked` then an empty line would leave the
// body unframed while this check saw chunked last, and a front end may read either way.
std::optional<Refusal> TransferEncodingRefusal(const http::request_header<>& header) {
  auto [first, last] = header.equal_range(http::field::transfer_encoding);
  if (first == last) return std::nullopt;
  if (header.count(http::field::content_length) != 0) {
    return Refusal{http::status::bad_request,
                   "A request may not have both Transfer-Encoding and Content-Length."};
  }
  constexpr Refusal kMalformed{
      http::status::bad_request,
      "Transfer-Encoding must be one line ending in chunked, applied once."};
  if (std::next(first) != last) return kMalformed;
  int codings = 0;
  bool chunked_last = false;
  bool chunked_before = false;
  for (absl::string_view coding : absl::StrSplit(View(first->value()), ',')) {
    coding = absl::StripAsciiWhitespace(coding);
    if (coding.empty()) return kMalformed;
    chunked_before = chunked_before || chunked_last;
    chunked_last = absl::EqualsIgnoreCase(coding, "chunked");
    ++codings;
  }
  if (!chunked_last || chunked_before) return kMalformed;
  if (codings > 1) {
    return Refusal{http::status::not_implemented, "Only the chunked transfer coding is supported."};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Refusal> FramingRefusal(const http::request_header<>& header) {
  if (std::optional<Refusal> refusal = TransferEncodingRefusal(header)) return refusal;
  if (header.version() >= 11 && header.count(http::field::host) != 1) {
    return Refusal{http::status::bad_request, "An HTTP/1.1 request needs one Host header."};
  }
  return std::nullopt;
}

bool ExpectsContinue(const http::request_header<>& header) {
  if (header.version() < 11) return false;
  auto it = header.find(http::field::expect);
  return it != header.end() && absl::EqualsIgnoreCase(View(it->value()), "100-continue");
}

void ToOriginForm(http::request_header<>& header) {
  const absl::string_view target = View(header.target());
  if (!target.empty() && target.front() == '/') return;  // the common case
  size_t scheme_end = target.find("://");
  if (scheme_end == absl::string_view::npos) return;  // "*", or not a URI: no route matches
  const absl::string_view scheme = target.substr(0, scheme_end);
  if (!absl::EqualsIgnoreCase(scheme, "http") && !absl::EqualsIgnoreCase(scheme, "https")) return;
  const size_t path = target.find_first_of("/?", scheme_end + 3);
  std::string origin = path == absl::string_view::npos ? "/" : std::string(target.substr(path));
  if (origin.front() == '?') origin.insert(0, "/");
  header.target(origin);
}

}  // namespace consent::gateway
