#include "lib/protoxml/xml_reader.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "lib/protojson/json_field_path.h"
#include "lib/protoxml/xml_options.h"

namespace consent::protoxml {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

std::string_view LocalName(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon == nullptr ? std::string_view(name) : std::string_view(colon + 1);
}

bool IsNil(const pugi::xml_node& element) {
  for (const pugi::xml_attribute& a : element.attributes()) {
    if (LocalName(a.name()) == "nil") {
      const std::string_view v = a.value();
      return v == "true" || v == "1";
    }
  }
  return false;
}

// The element's own text (its text and CDATA children).
std::string Text(const pugi::xml_node& element) {
  std::string text;
  for (const pugi::xml_node& c : element.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
  }
  return text;
}

// The deepest element nesting under `root` (1: the root alone), without recursion.
int Depth(const pugi::xml_node& root) {
  int depth = 1, deepest = 1;
  pugi::xml_node node = root;
  while (true) {
    if (pugi::xml_node child = node.first_child()) {
      node = child;
      deepest = std::max(deepest, ++depth);
      continue;
    }
    while (node != root && !node.next_sibling()) {
      node = node.parent();
      --depth;
    }
    if (node == root) return deepest;
    node = node.next_sibling();
  }
}

// Recursive, as deep as the document (bounded by Depth before).
class Reader {
 public:
  absl::StatusOr<ordered_json> Message(const pugi::xml_node& element, const Descriptor* type) {
    if (IsNil(element)) return ordered_json();
    if (IsJsonOnlyType(type)) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed XML: ", type->full_name(), " has no XML form; send JSON"));
    }
    if (IsTextType(type)) return Scalar(element, type->field(0));
    ordered_json object = ordered_json::object();
    for (const pugi::xml_node& child : element.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string name(LocalName(child.name()));
      if (object.contains(name)) {
        return absl::InvalidArgumentError(
            absl::StrCat("malformed XML: element <", name, "> appears twice"));
      }
      const FieldDescriptor* field = protojson::FieldByJsonName(type, name);
      absl::StatusOr<ordered_json> value =
          field == nullptr ? ordered_json(Text(child)) : Field(child, field);
      if (!value.ok()) return value.status();
      object[name] = *std::move(value);
    }
    return object;
  }

 private:
  absl::StatusOr<ordered_json> Field(const pugi::xml_node& element, const FieldDescriptor* field) {
    if (IsNil(element)) return ordered_json();
    if (field->is_map()) return Map(element, field);
    if (field->is_repeated()) {
      ordered_json items = ordered_json::array();
      for (const pugi::xml_node& item : element.children()) {
        if (item.type() != pugi::node_element) continue;
        absl::StatusOr<ordered_json> value = Single(item, field);
        if (!value.ok()) return value.status();
        items.push_back(*std::move(value));
      }
      return items;
    }
    return Single(element, field);
  }

  absl::StatusOr<ordered_json> Map(const pugi::xml_node& element, const FieldDescriptor* field) {
    const FieldDescriptor* value_field = field->message_type()->map_value();
    ordered_json map = ordered_json::object();
    for (const pugi::xml_node& entry : element.children()) {
      if (entry.type() != pugi::node_element) continue;
      pugi::xml_node key, value;
      for (const pugi::xml_node& part : entry.children()) {
        if (LocalName(part.name()) == "Key") key = part;
        if (LocalName(part.name()) == "Value") value = part;
      }
      if (!key || !value) {
        return absl::InvalidArgumentError(absl::StrCat(
            "malformed XML: each item of <", field->json_name(), "> needs <Key> and <Value>"));
      }
      absl::StatusOr<ordered_json> v = Single(value, value_field);
      if (!v.ok()) return v.status();
      map[Text(key)] = *std::move(v);
    }
    return map;
  }

  absl::StatusOr<ordered_json> Single(const pugi::xml_node& element, const FieldDescriptor* field) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return Message(element, field->message_type());
    }
    return Scalar(element, field);
  }

  static ordered_json Scalar(const pugi::xml_node& element, const FieldDescriptor* field) {
    if (IsNil(element)) return ordered_json();
    const std::string text = Text(element);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
      if (text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
    }
    return text;  // protobuf's JSON parser reads quoted numbers, and refuses what is not one
  }
};

}  // namespace

absl::StatusOr<std::string> XmlToJson(const std::string& xml, const Descriptor* type,
                                      const XmlLimits& limits) {
  pugi::xml_document document;
  // parse_doctype and parse_pi keep those nodes so that they can be refused; pugixml never
  // expands entities other than the five predefined ones and character references.
  const pugi::xml_parse_result parsed = document.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype | pugi::parse_pi,
      pugi::encoding_utf8);
  if (!parsed) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed XML: ", parsed.description(), " at offset ", parsed.offset));
  }
  pugi::xml_node root;
  for (const pugi::xml_node& node : document.children()) {
    switch (node.type()) {
      case pugi::node_doctype:
        return absl::InvalidArgumentError(
            "malformed XML: a DOCTYPE is not accepted (no DTDs, no entities)");
      case pugi::node_pi:
        return absl::InvalidArgumentError(
            "malformed XML: processing instructions are not accepted");
      case pugi::node_element:
        if (root) return absl::InvalidArgumentError("malformed XML: more than one root element");
        root = node;
        break;
      default:
        break;
    }
  }
  if (!root) return absl::InvalidArgumentError("malformed XML: no root element");
  if (Depth(root) > limits.max_depth) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed XML: nested deeper than ", limits.max_depth, " elements"));
  }
  absl::StatusOr<ordered_json> json = Reader().Message(root, type);
  if (!json.ok()) return json.status();
  if (json->is_null()) return std::string("{}");
  return json->dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace consent::protoxml
