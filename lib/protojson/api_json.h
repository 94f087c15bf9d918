#pragma once
// The API's JSON for a protobuf message, the same in REST answers, in the document a PATCH
// works on and in stored snapshots: json_name keys in declaration order, every primitive
// field printed. With `null_unset`, unset singular messages and enums are null members (as
// REST shows them); without, they are left out.
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

namespace consent::protojson {

// The reflection printer (json_printer.h) where it serves the type, else protobuf's printer
// brought to the same form.
std::string ToApiJson(const google::protobuf::Message& message, bool null_unset);

// Rebuilds `printed` (protobuf's JSON of a `type` message) in field order with null for
// every absent singular message field and unset enum, recursing into present messages,
// lists and maps.
nlohmann::ordered_json WithNullMessages(const google::protobuf::Descriptor* type,
                                        const nlohmann::ordered_json& printed);

}  // namespace consent::protojson
