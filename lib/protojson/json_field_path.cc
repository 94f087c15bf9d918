#include "lib/protojson/json_field_path.h"

#include <vector>

#include <absl/strings/str_split.h>

namespace consent::protojson {

std::string ToJsonFieldPath(const google::protobuf::Descriptor* type, const std::string& path) {
  std::string out;
  const std::vector<std::string> segments = absl::StrSplit(path, '.');
  for (const std::string& segment : segments) {
    const size_t bracket = segment.find('[');
    const std::string name = segment.substr(0, bracket);
    const google::protobuf::FieldDescriptor* field =
        type == nullptr ? nullptr : type->FindFieldByName(name);
    if (!out.empty()) out += '.';
    out += (field != nullptr ? field->json_name() : name) +
           (bracket == std::string::npos ? "" : segment.substr(bracket));
    type = field == nullptr  ? nullptr
           : field->is_map() ? field->message_type()->map_value()->message_type()
                             : field->message_type();
  }
  return out;
}

const google::protobuf::FieldDescriptor* FieldByJsonName(const google::protobuf::Descriptor* type,
                                                         std::string_view name) {
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == name) return type->field(i);
  }
  return nullptr;
}

}  // namespace consent::protojson
