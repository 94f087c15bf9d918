#pragma once
// The request headers the gateway passes to the backend, and the response headers it sets
// from the backend's answer: what a browser's cross-origin request may send and read.
#include <array>
#include <utility>

namespace consent::gateway {

constexpr char kCustomerIdHeader[] = "Customer-Id";
constexpr char kCustomerIdKey[] = "customer-id";
constexpr char kRequestIdHeader[] = "X-Request-Id";

// Request header -> gRPC metadata key (lower case).
constexpr std::array<std::pair<const char*, const char*>, 4> kForwardedHeaders = {{
    {"Authorization", "authorization"},
    {kCustomerIdHeader, kCustomerIdKey},
    {"Accept-Language", "accept-language"},
    {"If-Match", "if-match"},
}};

// Response headers beyond the CORS-safelisted ones that clients read.
constexpr std::array<const char*, 4> kReadableResponseHeaders = {"ETag", "Location",
                                                                 kRequestIdHeader, "Retry-After"};

}  // namespace consent::gateway
