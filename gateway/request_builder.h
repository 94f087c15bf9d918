#pragma once
// Builds the serialized gRPC request of a route from the HTTP request: the JSON body
// (per the rule's `body`), then query parameters, then path variables (which win).
#include <string>

#include <absl/status/status.h>

#include "gateway/json_body.h"
#include "gateway/route_table.h"
#include "lib/protojson/api_schema.h"

namespace consent::gateway {

class RequestBuilder {
 public:
  RequestBuilder(const protojson::ApiSchema& schema, JsonLimits limits)
      : schema_(schema), limits_(limits) {}

  // `query` is the raw query string without '?'; `body` may be empty.
  // Errors are INVALID_ARGUMENT (possibly with google.rpc.BadRequest details).
  absl::Status Build(const RouteMatch& match, const std::string& query, const std::string& body,
                     std::string* serialized) const;

 private:
  const protojson::ApiSchema& schema_;
  const JsonLimits limits_;
};

}  // namespace consent::gateway
