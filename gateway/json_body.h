#pragma once
// Parses a JSON document into a protobuf message with protobuf's JSON mapping and turns
// parser failures into statuses the problem mapper understands:
//   not JSON at all, a number beyond a double, nesting deeper than 32
//                                    -> INVALID_ARGUMENT "malformed JSON: ..." (or the depth)
//   unknown property                 -> INVALID_ARGUMENT "unknown field \"Path.To.Name\""
//   wrong type / invalid enum value  -> INVALID_ARGUMENT with a google.rpc.BadRequest field
//                                       violation on the JSON property path (problem: 422)
//   anything else the parser rejects -> INVALID_ARGUMENT with the parser's message
#include <string>

#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent::gateway {

absl::Status ParseJsonInto(const std::string& json, google::protobuf::Message& message);

}  // namespace consent::gateway
