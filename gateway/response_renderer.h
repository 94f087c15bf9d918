#pragma once
// Renders a serialized gRPC response as the REST JSON body: protobuf's JSON mapping with
// json_name keys, primitive fields always printed, unset singular message fields as null
// (recursively), fields in declaration order, and the rule's response_body applied.
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>
#include <nlohmann/json.hpp>

#include "api_schema.h"
#include "route_table.h"

namespace consent::gateway {

class ResponseRenderer {
 public:
  explicit ResponseRenderer(const ApiSchema& schema) : schema_(schema) {}

  // INTERNAL if the bytes do not parse as the route's output type.
  grpc::Status Render(const Route& route, const std::string& serialized, std::string* json) const;

 private:
  const ApiSchema& schema_;
};

// Rebuilds `printed` (protobuf's JSON of a `type` message) in field order with null for
// every absent singular message field, recursing into present messages, lists and maps.
nlohmann::ordered_json WithNullMessages(const google::protobuf::Descriptor* type,
                                        const nlohmann::ordered_json& printed);

}  // namespace consent::gateway
