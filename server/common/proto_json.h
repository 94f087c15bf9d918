#pragma once
// The API's own JSON mapping (json_name, every field printed), used for stored snapshots
// and for applying PATCH documents to a resource.
#include <string>
#include <string_view>

#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent {

std::string ToJson(const google::protobuf::Message& message);

// Rejects unknown fields; a parse error is INVALID_ARGUMENT with the parser's message.
absl::Status FromJson(std::string_view json, google::protobuf::Message* message);

}  // namespace consent
