#pragma once
// The API's own JSON mapping (json_name, every field printed), used for stored snapshots
// and for applying PATCH documents to a resource.
#include <string>
#include <string_view>

#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent {

// `null_unset`: unset singular messages and enums as null where the reflection printer
// serves the type (json_printer.h); protobuf's printer, its fallback, leaves them out.
std::string ToJson(const google::protobuf::Message& message, bool null_unset = false);

// Rejects unknown fields; a parse error is INVALID_ARGUMENT with the parser's message.
absl::Status FromJson(std::string_view json, google::protobuf::Message* message);

}  // namespace consent
