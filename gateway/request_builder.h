#pragma once
// Builds the serialized gRPC request of a route from the HTTP request: the body (per the
// rule's `body`; JSON, or XML or a form read as JSON: lib/protoxml, gateway/form_body.h), then
// query parameters, then path variables (which win), then the Idempotency-Key header's key into the
// route's key field (gateway/idempotency_key.h).
#include <optional>
#include <string>

#include <absl/status/status.h>

#include "gateway/json_body.h"
#include "gateway/media_types.h"
#include "gateway/route_table.h"
#include "lib/protojson/api_schema.h"

namespace consent::gateway {

// The message type a route's body is, when it may come as XML or a form; nullptr when the
// route takes no body, or JSON only (a scalar or list, or google.protobuf.Value: a patch).
const google::protobuf::Descriptor* BodyMessageType(const Route& route);

class RequestBuilder {
 public:
  RequestBuilder(const protojson::ApiSchema& schema, JsonLimits limits)
      : schema_(schema), limits_(limits) {}

  // `query` is the raw query string without '?'; `body` may be empty; `idempotency_key` is
  // the header's key, if any (a different key in the query or body is refused).
  // Errors are INVALID_ARGUMENT (possibly with google.rpc.BadRequest details).
  absl::Status Build(const RouteMatch& match, const std::string& query, const std::string& body,
                     BodyFormat format, const std::optional<std::string>& idempotency_key,
                     std::string* serialized) const;

 private:
  const protojson::ApiSchema& schema_;
  const JsonLimits limits_;
};

}  // namespace consent::gateway
