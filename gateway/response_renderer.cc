#include "response_renderer.h"

#include <google/protobuf/util/json_util.h>

#include "json_printer.h"
#include "unset_enum.h"

namespace consent::gateway {
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

grpc::Status ResponseRenderer::Render(const Route& route, const std::string& serialized,
                                      std::string* json) const {
  const Descriptor* type = route.method->output_type();
  std::unique_ptr<google::protobuf::Message> message = schema_.NewMessage(type);
  if (!message->ParseFromString(serialized)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response from the backend");
  }
  if (route.response_field.empty() && PrintJsonFast(*message, true, json)) {
    return grpc::Status::OK;
  }
  std::string printed;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(*message, &printed, options).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response from the backend");
  }
  ordered_json body = WithNullMessages(type, ordered_json::parse(printed));
  for (const FieldDescriptor* field : route.response_field) {
    const ordered_json selected = body[field->json_name()];
    body = selected;
  }
  *json = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  return grpc::Status::OK;
}

}  // namespace consent::gateway
