#pragma once
// proto3 enums open with FOO_UNSPECIFIED = 0, the value of a field nobody set. The REST API
// shows it as null, and its choices are only the named values (the vendor pages' strings).
#include <string_view>

#include <google/protobuf/descriptor.h>

namespace consent::protojson {

inline bool IsUnsetEnumValue(const google::protobuf::EnumValueDescriptor& value) {
  return value.number() == 0 && std::string_view(value.name()).ends_with("_UNSPECIFIED");
}

}  // namespace consent::protojson
