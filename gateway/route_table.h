#pragma once
// REST routes derived from the google.api.http options of every method in an ApiSchema.
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <google/protobuf/descriptor.h>

#include "gateway/field_path.h"
#include "gateway/path_template.h"
#include "lib/protojson/api_schema.h"

namespace consent::gateway {

struct Route {
  std::string http_method;  // "GET", "POST", ... or a custom verb's kind
  PathTemplate path;
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_method;  // "/package.Service/Method"
  enum class Body { kNone, kWhole, kField } body = Body::kNone;
  FieldPath body_field;        // for Body::kField
  FieldPath response_field;    // empty: the whole response message
  bool returns_empty = false;  // google.protobuf.Empty: 204 without a body
  // The request's idempotency key field (wire::kIdempotencyKeyField), if it has one: the
  // Idempotency-Key header fills it (gateway/idempotency_key.h).
  const google::protobuf::FieldDescriptor* idempotency_key = nullptr;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<PathBinding> bindings;
};

class RouteTable {
 public:
  // Fails on an invalid template or a body/response_body/variable naming no field.
  static absl::StatusOr<RouteTable> Build(const protojson::ApiSchema& schema);

  struct Lookup {
    std::optional<RouteMatch> match;
    std::vector<std::string> allowed_methods;  // when the path matched but the method did not
  };
  // The most specific route for method + path (no query string).
  Lookup Find(const std::string& http_method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace consent::gateway
