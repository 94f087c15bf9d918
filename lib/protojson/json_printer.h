#pragma once
// protobuf's JSON mapping as the API prints it, straight from reflection: json_name keys in
// declaration order, every singular scalar and every list printed even when default, enums
// by name, 64-bit integers as strings, Timestamp in RFC 3339, unset singular messages as
// null (`null_unset_messages`, which also prints unset enums, FOO_UNSPECIFIED, as null) or
// left out. Strings are escaped as nlohmann::json dumps
// them. protobuf 3.21's MessageToJsonString goes through the binary form,
// google.protobuf.Type trees and a default-value writer: about a tenth of the CPU of a
// SetPersonConsent in the server and of a read in the gateway.
#include <string>

#include <google/protobuf/message.h>

namespace consent::protojson {

// False, with `out` empty, for what this printer leaves to protobuf's: float,
// double and bytes fields, oneofs and proto3 optional fields, non-empty maps, well-known
// types other than Timestamp and Empty, strings that are not UTF-8, timestamps out of range.
bool PrintJsonFast(const google::protobuf::Message& message, bool null_unset_messages,
                   std::string* out);

}  // namespace consent::protojson
