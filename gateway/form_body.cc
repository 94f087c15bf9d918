#include "gateway/form_body.h"

#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <nlohmann/json.hpp>

#include "gateway/path_template.h"
#include "lib/protojson/json_field_path.h"

namespace consent::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

absl::Status Refused(const std::string& name, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "malformed form: ",
      ordered_json(name).dump(-1, ' ', false, ordered_json::error_handler_t::replace), " ", why));
}

// "A[B][0].C" -> A, B, 0, C.
std::vector<std::string> Segments(const std::string& name) {
  std::vector<std::string> out;
  for (absl::string_view dotted : absl::StrSplit(name, '.')) {
    for (absl::string_view part :
         absl::StrSplit(dotted, absl::ByAnyChar("[]"), absl::SkipEmpty())) {
      out.emplace_back(part);
    }
  }
  return out;
}

bool IsObjectType(const FieldDescriptor* field) {
  return field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field->message_type()->well_known_type() == Descriptor::WELLKNOWNTYPE_UNSPECIFIED;
}

ordered_json ScalarValue(const FieldDescriptor* field, const std::string& value) {
  if (IsObjectType(field) && value.empty()) return ordered_json();
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
    if (value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
  }
  return value;
}

class FormReader {
 public:
  FormReader(int max_depth, size_t max_array_elements)
      : max_depth_(max_depth), max_elements_(max_array_elements) {}

  absl::Status Add(const std::string& name, const std::string& value, const Descriptor* type,
                   ordered_json& root) {
    const std::vector<std::string> segments = Segments(name);
    if (segments.empty()) return Refused(name, "is not a field name");
    if (segments.size() > static_cast<size_t>(max_depth_)) {
      return Refused(name, absl::StrCat("nests deeper than ", max_depth_, " levels"));
    }
    ordered_json* node = &root;
    for (size_t i = 0; i < segments.size(); ++i) {
      const bool last = i + 1 == segments.size();
      const FieldDescriptor* field = protojson::FieldByJsonName(type, segments[i]);
      if (field == nullptr) {  // the JSON parser names it as unknown
        return Set(name, (*node)[absl::StrJoin(segments.begin() + i, segments.end(), ".")],
                   ordered_json(value));
      }
      ordered_json& member = (*node)[field->json_name()];
      if (field->is_map()) {
        if (last) return Refused(name, "needs a key: Name[key]");
        const FieldDescriptor* value_field = field->message_type()->map_value();
        if (!member.is_object()) member = ordered_json::object();
        ordered_json& entry = member[segments[++i]];
        if (i + 1 == segments.size()) return Set(name, entry, ScalarValue(value_field, value));
        if (!IsObjectType(value_field)) return Refused(name, "is not an object");
        if (!entry.is_object()) entry = ordered_json::object();
        node = &entry;
        type = value_field->message_type();
        continue;
      }
      ordered_json* slot = &member;
      if (field->is_repeated()) {
        if (!member.is_array()) member = ordered_json::array();
        size_t index = member.size();  // no index: the next item
        if (!last && absl::SimpleAtoi(segments[i + 1], &index)) ++i;
        if (index > member.size() || index >= max_elements_) {
          return Refused(name, "has an index out of order (items go 0, 1, 2, ...)");
        }
        if (index == member.size()) member.push_back(nullptr);
        slot = &member[index];
      }
      if (i + 1 == segments.size()) return Set(name, *slot, ScalarValue(field, value));
      if (!IsObjectType(field)) return Refused(name, "is not an object");
      if (!slot->is_object()) {
        if (!slot->is_null()) return Refused(name, "is both a value and an object");
        *slot = ordered_json::object();
      }
      node = slot;
      type = field->message_type();
    }
    return absl::OkStatus();
  }

 private:
  static absl::Status Set(const std::string& name, ordered_json& slot, ordered_json value) {
    if (!slot.is_null()) return Refused(name, "is given twice");
    slot = std::move(value);
    return absl::OkStatus();
  }

  const int max_depth_;
  const size_t max_elements_;
};

}  // namespace

absl::StatusOr<std::string> FormToJson(const std::string& body, const Descriptor* type,
                                       int max_depth, size_t max_array_elements) {
  ordered_json root = ordered_json::object();
  FormReader reader(max_depth, max_array_elements);
  auto pairs = DecodeFormPairs(body);
  if (!pairs) return absl::InvalidArgumentError("malformed form: bad percent-encoding");
  for (const auto& [name, value] : *pairs) {
    if (absl::Status s = reader.Add(name, value, type, root); !s.ok()) return s;
  }
  return root.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace consent::gateway
