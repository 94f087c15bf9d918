#include "gateway/forwarded_headers.h"

#include <algorithm>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "lib/wire/metadata.h"

namespace consent::gateway {
namespace {

// RFC 9110 5.6.2 token characters.
bool IsToken(absl::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isalnum(c) || absl::StrContains("!#$%&'*+-.^_`|~", c);
  });
}

}  // namespace

absl::StatusOr<std::vector<ForwardedHeader>> ParseForwardedHeaders(const std::string& value) {
  std::vector<ForwardedHeader> headers;
  for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
    std::string name(absl::StripAsciiWhitespace(part));
    std::string key = absl::AsciiStrToLower(name);
    if (!IsToken(name)) return absl::InvalidArgumentError("not a header name: " + name);
    // HTTP/2 reserves these; the rest are set by the gateway (or by gRPC) for every call.
    const bool reserved = key == "host" || key == "te" || key == "connection" ||
                          key == "content-type" || key == "user-agent";
    if (reserved || key == wire::kRequestId || absl::StartsWith(key, "x-http-") ||
        absl::StartsWith(key, "grpc-")) {
      return absl::InvalidArgumentError(name + " is set by the gateway and cannot be forwarded");
    }
    headers.push_back({std::move(name), std::move(key)});
  }
  return headers;
}

}  // namespace consent::gateway
