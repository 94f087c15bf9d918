#pragma once
// Outgoing HTTP(S) requests the service makes on its own (a JWKS from the identity
// provider, later webhook deliveries), over libcurl: bounded in time and in the size of
// the answer, http and https only, no redirects followed, no signals (thread-safe).
#include <cstddef>
#include <string>

#include <absl/status/statusor.h>
#include <absl/time/time.h>

namespace consent::httpclient {

struct Limits {
  absl::Duration timeout = absl::Seconds(5);  // connecting and the whole exchange
  size_t max_body_bytes = 1 << 20;            // a longer answer is an error
};

struct Response {
  int status = 0;
  std::string body;
};

// GET `url`. UNAVAILABLE when the server cannot be reached or does not answer in time,
// RESOURCE_EXHAUSTED when the body is over the limit; any HTTP status is a Response.
absl::StatusOr<Response> Get(const std::string& url, const Limits& limits = {});

}  // namespace consent::httpclient
