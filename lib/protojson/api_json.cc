#include "lib/protojson/api_json.h"

#include <google/protobuf/util/json_util.h>

#include "lib/protojson/json_printer.h"
#include "lib/protojson/unset_enum.h"

namespace consent::protojson {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

// Well-known types have their own JSON forms (strings, numbers, free-form objects).
bool HasFieldObjectForm(const Descriptor* type) {
  return type->file()->package() != "google.protobuf";
}

ordered_json WithNullsInValue(const FieldDescriptor* field, const ordered_json& value) {
  const Descriptor* type = field->message_type();
  if (field->is_map()) {
    type = type->map_value()->message_type();
    if (type == nullptr || !value.is_object()) return value;
    ordered_json out = ordered_json::object();
    for (const auto& [key, item] : value.items()) out[key] = WithNullMessages(type, item);
    return out;
  }
  if (field->is_repeated()) {
    if (!value.is_array()) return value;
    ordered_json out = ordered_json::array();
    for (const ordered_json& item : value) out.push_back(WithNullMessages(type, item));
    return out;
  }
  return WithNullMessages(type, value);
}

// An enum field's value, or each element's, with the unset value (FOO_UNSPECIFIED) as null.
ordered_json WithNullEnums(const FieldDescriptor* field, const ordered_json& value) {
  const auto unset = [field](const ordered_json& item) {
    const auto* named =
        item.is_string() ? field->enum_type()->FindValueByName(item.get<std::string>()) : nullptr;
    return named != nullptr && IsUnsetEnumValue(*named) ? ordered_json(nullptr) : item;
  };
  if (!value.is_array()) return unset(value);
  ordered_json out = ordered_json::array();
  for (const ordered_json& item : value) out.push_back(unset(item));
  return out;
}

}  // namespace

ordered_json WithNullMessages(const Descriptor* type, const ordered_json& printed) {
  if (!printed.is_object() || !HasFieldObjectForm(type)) return printed;
  ordered_json out = ordered_json::object();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    auto it = printed.find(field->json_name());
    const bool is_message = field->message_type() != nullptr;
    if (it == printed.end()) {
      // A member of a oneof is absent whenever a sibling is set: leave it out.
      if (is_message && !field->is_repeated() && field->real_containing_oneof() == nullptr) {
        out[field->json_name()] = nullptr;
      }
      continue;
    }
    if (is_message) {
      out[field->json_name()] = WithNullsInValue(field, *it);
    } else if (field->enum_type() != nullptr && !field->is_map()) {
      out[field->json_name()] = WithNullEnums(field, *it);
    } else {
      out[field->json_name()] = *it;
    }
  }
  return out;
}

std::string ToApiJson(const google::protobuf::Message& message, bool null_unset) {
  std::string out;
  if (PrintJsonFast(message, null_unset, &out)) return out;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  // Printing a valid in-memory message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!null_unset) return out;
  return WithNullMessages(message.GetDescriptor(), ordered_json::parse(out))
      .dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace consent::protojson
