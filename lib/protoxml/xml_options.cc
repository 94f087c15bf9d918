#include "lib/protoxml/xml_options.h"

#include <algorithm>

#include "lib/protojson/json_field_path.h"
#include "proto/consent/v1/xml.pb.h"

namespace consent::protoxml {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

std::string ElementName(const Descriptor* type) {
  const std::string& name = type->options().GetExtension(v1::xml).name();
  return name.empty() ? type->name() : name;
}

std::string Namespace(const Descriptor* type) {
  return type->file()->options().GetExtension(v1::xml_namespace);
}

std::string ItemName(const FieldDescriptor* field) {
  const std::string& name = field->options().GetExtension(v1::xml_item);
  if (!name.empty()) return name;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return ElementName(field->message_type());
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      return "int";
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      return "long";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "boolean";
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return "double";
    default:
      return "string";
  }
}

std::vector<const FieldDescriptor*> WriteOrder(const Descriptor* type) {
  std::vector<const FieldDescriptor*> order;
  for (const std::string& json_name : type->options().GetExtension(v1::xml).order()) {
    if (const FieldDescriptor* field = protojson::FieldByJsonName(type, json_name)) {
      order.push_back(field);
    }
  }
  for (int i = 0; i < type->field_count(); ++i) {
    if (std::find(order.begin(), order.end(), type->field(i)) == order.end()) {
      order.push_back(type->field(i));
    }
  }
  return order;
}

bool IsTextType(const Descriptor* type) {
  return type->well_known_type() != Descriptor::WELLKNOWNTYPE_UNSPECIFIED && !IsJsonOnlyType(type);
}

bool IsJsonOnlyType(const Descriptor* type) {
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_STRUCT:
    case Descriptor::WELLKNOWNTYPE_VALUE:
    case Descriptor::WELLKNOWNTYPE_LISTVALUE:
    case Descriptor::WELLKNOWNTYPE_ANY:
      return true;
    default:
      return false;
  }
}

}  // namespace consent::protoxml
