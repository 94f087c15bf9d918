#pragma once
// Renders a serialized gRPC response as the REST JSON body: protobuf's JSON mapping with
// json_name keys, primitive fields always printed, unset singular message fields as null
// (recursively), fields in declaration order, and the rule's response_body applied.
#include <string>

#include <absl/status/status.h>
#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "gateway/route_table.h"
#include "lib/protojson/api_schema.h"

namespace consent::gateway {

class ResponseRenderer {
 public:
  explicit ResponseRenderer(const protojson::ApiSchema& schema) : schema_(schema) {}

  // INTERNAL if the bytes do not parse as the route's output type.
  absl::Status Render(const Route& route, const std::string& serialized, std::string* json) const;

 private:
  const protojson::ApiSchema& schema_;
};

}  // namespace consent::gateway
