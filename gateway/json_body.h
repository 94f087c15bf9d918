#pragma once
// Parses a JSON document into a protobuf message with protobuf's JSON mapping and turns
// parser failures into statuses the problem mapper understands:
//   not JSON at all, a number beyond a double -> INVALID_ARGUMENT "malformed JSON: ..."
//   nesting deeper than max_depth, an array longer than max_array_elements
//                                    -> INVALID_ARGUMENT naming the bound (before parsing)
//   unknown property                 -> INVALID_ARGUMENT "unknown field \"Path.To.Name\""
//                                       (the first few named, each cut, the rest counted)
//   wrong type / invalid enum value  -> INVALID_ARGUMENT with a google.rpc.BadRequest field
//                                       violation on the JSON property path (problem: 422)
//   anything else the parser rejects -> INVALID_ARGUMENT with the parser's message
#include <string>

#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent::gateway {

// What a request body may hold, so that its cost stays bounded (--max-json-depth,
// --max-json-array-elements; the size is --max-body-bytes).
struct JsonLimits {
  // Deep enough for any document of this API (a ConsentTypes batch nests 5 levels), shallow
  // enough that protobuf's JSON transcoder, which slows quadratically with nesting, stays
  // fast.
  int max_depth = 32;
  // Far above any list a caller saves at once; a longer one is refused before parsing.
  size_t max_array_elements = 10000;
};

absl::Status ParseJsonInto(const std::string& json, google::protobuf::Message& message,
                           const JsonLimits& limits);

}  // namespace consent::gateway
