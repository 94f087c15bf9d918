#pragma once
// Field paths ("a.b.c") over protobuf message types, as used by path variables, query
// parameters and `body` selectors. Each segment may be the proto name or the json_name.
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <google/protobuf/message.h>

namespace consent::gateway {

using FieldPath = std::vector<const google::protobuf::FieldDescriptor*>;

// Resolves `path` against `type`; every segment but the last must be a singular message.
absl::StatusOr<FieldPath> ResolveFieldPath(const google::protobuf::Descriptor* type,
                                           const std::string& path);

// Sets the leaf of `path` in `message` from its text form (appends if repeated), creating
// intermediate messages. Scalars, enums (name or number) and message types with a string
// JSON form (Timestamp, wrappers, ...) are accepted. INVALID_ARGUMENT on a bad value.
absl::Status SetFieldFromText(google::protobuf::Message& message, const FieldPath& path,
                              const std::string& text);

// The mutable message at `path` (all segments singular messages), creating it if unset.
google::protobuf::Message* MutableMessageAt(google::protobuf::Message& message,
                                            const FieldPath& path);

}  // namespace consent::gateway
