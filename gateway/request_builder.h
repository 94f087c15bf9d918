#pragma once
// Builds the serialized gRPC request of a route from the HTTP request: the JSON body
// (per the rule's `body`), then query parameters, then path variables (which win).
#include <string>

#include <grpcpp/support/status.h>

#include "api_schema.h"
#include "route_table.h"

namespace consent::gateway {

class RequestBuilder {
 public:
  explicit RequestBuilder(const ApiSchema& schema) : schema_(schema) {}

  // `query` is the raw query string without '?'; `body` may be empty.
  // Errors are INVALID_ARGUMENT (possibly with google.rpc.BadRequest details).
  grpc::Status Build(const RouteMatch& match, const std::string& query, const std::string& body,
                     std::string* serialized) const;

 private:
  const ApiSchema& schema_;
};

}  // namespace consent::gateway
