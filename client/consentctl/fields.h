#pragma once
// Request fields addressed by dotted snake_case paths ("person.first_name"), set from
// command-line text through protobuf reflection; and the --flags a message offers.
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent::ctl {

// Sets the scalar or enum field at `path` from `text` (enums by name or number, bools as
// true/false). INVALID_ARGUMENT when the path is unknown or the text does not fit the type.
absl::Status SetField(google::protobuf::Message& message, const std::string& path,
                      const std::string& text);

// The message at `path` ("" = `message` itself), created when unset.
google::protobuf::Message* MutableAt(google::protobuf::Message& message, const std::string& path);

struct FieldFlag {
  std::string flag;  // kebab-case, e.g. "first-name"
  std::string path;  // e.g. "person.first_name"
  std::string type;  // for --help: "string", "int32", "awaiting|refused|granted", ...
};

// The message type at `path` ("" = `descriptor` itself).
const google::protobuf::Descriptor* MessageTypeAt(const google::protobuf::Descriptor& descriptor,
                                                  const std::string& path);

// One flag per singular scalar or enum field of the message at `prefix` ("" = top level).
std::vector<FieldFlag> ScalarFlags(const google::protobuf::Descriptor& descriptor,
                                   const std::string& prefix);

// The type of the field at `path`, for --help.
std::string FieldType(const google::protobuf::Descriptor& descriptor, const std::string& path);

// "person_id" -> "person-id".
std::string Kebab(const std::string& snake);

}  // namespace consent::ctl
