#pragma once
// Checks a JSON document against a protobuf message type the way protobuf's JSON parser
// will read it, and reports every problem at once: protobuf's parser stops at the first,
// and its messages name internal types ("for type TYPE_INT32"). Paths use JSON names:
// "ConsentTypes[1].TypeName".
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <nlohmann/json.hpp>

namespace consent::protojson {

struct JsonShapeProblems {
  std::vector<std::string> unknown_fields;                          // paths
  std::vector<std::pair<std::string, std::string>> invalid_values;  // path, message
  bool empty() const { return unknown_fields.empty() && invalid_values.empty(); }
};

// `document` must be a JSON object (the message itself).
JsonShapeProblems CheckJsonShape(const nlohmann::json& document,
                                 const google::protobuf::Descriptor& type);

}  // namespace consent::protojson
