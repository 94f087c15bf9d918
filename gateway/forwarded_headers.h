#pragma once
// Which request headers travel to the backend as gRPC metadata, and which response headers
// browsers may read. The forwarded list is configuration (--forward-headers); the gateway
// itself names no header of the API beyond the wire contract's request id.
#include <array>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

namespace consent::gateway {

constexpr char kRequestIdHeader[] = "X-Request-Id";

// Forwarded when --forward-headers is not given: credentials, tenant, language, preconditions.
constexpr char kDefaultForwardedHeaders[] = "Authorization,Customer-Id,Accept-Language,If-Match";

// A request header forwarded as the metadata key `key` (its name in lower case).
struct ForwardedHeader {
  std::string name;
  std::string key;
};

// "Authorization, Customer-Id" -> the list; refuses names that are not HTTP tokens and the
// keys only the gateway may set (x-request-id, x-http-*), which a client must not forge.
absl::StatusOr<std::vector<ForwardedHeader>> ParseForwardedHeaders(const std::string& value);

// Response headers beyond the CORS-safelisted ones that clients read.
constexpr std::array<const char*, 4> kReadableResponseHeaders = {"ETag", "Location",
                                                                 kRequestIdHeader, "Retry-After"};

}  // namespace consent::gateway
