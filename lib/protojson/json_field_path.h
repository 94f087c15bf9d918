#pragma once
// Protobuf's JSON parser names a bad member by its proto path; the API speaks json_names.
// Shared by the gateway (request bodies) and the server (patched resources).
#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

namespace consent::protojson {

// "versions[0].expiration_in_days" (proto names, as protobuf's JSON parser reports them)
// -> "Versions[0].ExpirationInDays" (json names). Unknown segments are kept as they are.
std::string ToJsonFieldPath(const google::protobuf::Descriptor* type, const std::string& path);

// The field of `type` whose json_name is `name`, or nullptr.
const google::protobuf::FieldDescriptor* FieldByJsonName(const google::protobuf::Descriptor* type,
                                                         std::string_view name);

}  // namespace consent::protojson
