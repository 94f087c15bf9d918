#pragma once
// RFC 9457 problem details (application/problem+json or +xml) and the gRPC -> HTTP status mapping.
#include <string>
#include <utility>
#include <vector>

#include <absl/status/status.h>
#include <nlohmann/json.hpp>

#include "gateway/http_types.h"

namespace consent::gateway {

struct Problem {
  http::status status = http::status::internal_server_error;
  std::string detail;
  nlohmann::ordered_json errors;  // null, or {"<json property>": ["message", ...]}
  std::vector<std::pair<http::field, std::string>> headers;  // e.g. Allow, Retry-After
};

// INVALID_ARGUMENT 400 (422 with `errors` when it carries field violations),
// OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404,
// ALREADY_EXISTS/ABORTED 409, FAILED_PRECONDITION 412, RESOURCE_EXHAUSTED 429,
// UNIMPLEMENTED 501, UNAVAILABLE 503 + Retry-After, DEADLINE_EXCEEDED 504, else 500.
// UNKNOWN/INTERNAL/DATA_LOSS and unmapped codes get a generic detail.
Problem ProblemFromStatus(const absl::Status& status);

// The problem+json response; `instance` is the request path. With `xml`, the
// application/problem+xml one (RFC 9457 Appendix B: <problem xmlns="urn:ietf:rfc:7807">,
// members as elements; `errors` as <errors><i><property>..</property><messages><i>..</i>
// </messages></i>..</errors>, since a property path is no XML element name).
HttpResponse RenderProblem(const Problem& problem, const std::string& instance, bool xml = false);

}  // namespace consent::gateway
