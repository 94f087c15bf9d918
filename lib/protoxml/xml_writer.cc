#include "lib/protoxml/xml_writer.h"

#include <absl/strings/str_cat.h>

#include "lib/protoxml/xml_options.h"

namespace consent::protoxml {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

void Scalar(std::string* out, const ordered_json& value) {
  if (value.is_string()) {
    AppendEscaped(out, value.get_ref<const std::string&>());
  } else {
    AppendEscaped(out, value.dump());
  }
}

class Writer {
 public:
  explicit Writer(std::string* out) : out_(*out) {}

  // <name>..</name> for `value`, a `type` message (nullptr: a scalar).
  void Element(const std::string& name, const ordered_json& value, const Descriptor* type) {
    if (value.is_null()) {
      absl::StrAppend(&out_, "<", name, " i:nil=\"true\"/>");
      return;
    }
    absl::StrAppend(&out_, "<", name, ">");
    if (type != nullptr && !IsTextType(type)) {
      Members(value, type);
    } else {
      Scalar(&out_, value);
    }
    absl::StrAppend(&out_, "</", name, ">");
  }

  void Members(const ordered_json& object, const Descriptor* type) {
    for (const FieldDescriptor* field : WriteOrder(type)) {
      const auto it = object.find(field->json_name());
      if (it == object.end()) continue;
      Field(field, *it);
    }
  }

 private:
  void Field(const FieldDescriptor* field, const ordered_json& value) {
    const std::string& name = field->json_name();
    if (value.is_null() || !(field->is_repeated())) {
      Element(name, value, MessageType(field));
      return;
    }
    absl::StrAppend(&out_, "<", name, ">");
    if (field->is_map()) {
      const FieldDescriptor* value_field = field->message_type()->map_value();
      for (const auto& [key, item] : value.items()) {
        absl::StrAppend(&out_, "<Entry><Key>");
        AppendEscaped(&out_, key);
        absl::StrAppend(&out_, "</Key>");
        Element("Value", item, MessageType(value_field));
        absl::StrAppend(&out_, "</Entry>");
      }
    } else {
      const std::string item_name = ItemName(field);
      for (const ordered_json& item : value) Element(item_name, item, MessageType(field));
    }
    absl::StrAppend(&out_, "</", name, ">");
  }

  static const Descriptor* MessageType(const FieldDescriptor* field) {
    return field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? field->message_type() : nullptr;
  }

  std::string& out_;
};

std::string RootStart(const std::string& name, const Descriptor* type) {
  std::string start = absl::StrCat("<", name, " xmlns:i=\"", kXsiNamespace, "\"");
  if (std::string ns = Namespace(type); !ns.empty()) absl::StrAppend(&start, " xmlns=\"", ns, "\"");
  return start + ">";
}

}  // namespace

std::string MessageToXml(const ordered_json& json, const Descriptor* type) {
  const std::string name = ElementName(type);
  std::string out = RootStart(name, type);
  Writer(&out).Members(json, type);
  absl::StrAppend(&out, "</", name, ">");
  return out;
}

std::string MessagesToXml(const ordered_json& array, const Descriptor* type) {
  const std::string item = ElementName(type);
  const std::string name = absl::StrCat("ArrayOf", item);
  std::string out = RootStart(name, type);
  Writer writer(&out);
  for (const ordered_json& message : array) writer.Element(item, message, type);
  absl::StrAppend(&out, "</", name, ">");
  return out;
}

void AppendEscaped(std::string* out, const std::string& text) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\r':  // a parser reads a literal one as a line feed
        *out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          *out += "\xEF\xBF\xBD";
        } else {
          *out += c;
        }
    }
  }
}

}  // namespace consent::protoxml
