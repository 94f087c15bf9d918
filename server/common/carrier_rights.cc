#include "server/common/carrier_rights.h"

#include <google/protobuf/timestamp.pb.h>

#include "proto/consent/v1/common.pb.h"

namespace consent {
namespace {

using google::protobuf::FieldDescriptor;

constexpr char kTableRightField[] = "table_right";
constexpr char kFieldPropertiesField[] = "field_properties";

std::string FieldType(const FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return "System.Int32";
    case FieldDescriptor::CPPTYPE_INT64:
      return "System.Int64";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "System.Boolean";
    case FieldDescriptor::CPPTYPE_STRING:
      return "System.String";
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field.message_type() == google::protobuf::Timestamp::descriptor())
        return "System.DateTime";
      return field.message_type()->name();  // a nested carrier, e.g. "ConsentPurpose"
    default:
      return "System.Object";
  }
}

int LengthOf(absl::Span<const FieldLength> lengths, const FieldDescriptor& field) {
  for (const auto& entry : lengths)
    if (entry.field == field.name()) return entry.length;
  return 0;
}

}  // namespace

void SetCarrierRights(absl::Span<const FieldLength> lengths, google::protobuf::Message* carrier) {
  const auto* descriptor = carrier->GetDescriptor();
  const auto* reflection = carrier->GetReflection();
  v1::TableRight right;
  right.set_mask("Select, Insert, Update, Delete");
  reflection->MutableMessage(carrier, descriptor->FindFieldByName(kTableRightField))
      ->CopyFrom(right);

  const FieldDescriptor* properties = descriptor->FindFieldByName(kFieldPropertiesField);
  reflection->ClearField(carrier, properties);
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor& field = *descriptor->field(i);
    if (field.name() == kTableRightField || field.name() == kFieldPropertiesField) continue;
    v1::FieldProperty property;
    property.set_field_type(FieldType(field));
    property.set_field_length(LengthOf(lengths, field));
    // A map field is a repeated field of {key, value} entries under reflection.
    google::protobuf::Message* entry = reflection->AddMessage(carrier, properties);
    const auto* entry_type = entry->GetDescriptor();
    entry->GetReflection()->SetString(entry, entry_type->map_key(), field.json_name());
    entry->GetReflection()->MutableMessage(entry, entry_type->map_value())->CopyFrom(property);
  }
}

}  // namespace consent
