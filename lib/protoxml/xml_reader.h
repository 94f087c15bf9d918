#pragma once
// Reads an XML document as the JSON of a protobuf message, guided by its descriptor, so
// that an XML body goes through the same JSON parsing, validation and errors as a JSON one
// (gateway/request_builder.h). Element names are JSON names (namespace prefixes and
// namespaces ignored); any element order, root name and list item name is accepted.
//   <Field i:nil="true"/>            -> "Field": null
//   <List><Item>..</Item>..</List>   -> "List": [..] (a repeated field; items of any name)
//   <Map><Entry><Key>k</Key><Value>v</Value></Entry>..</Map> -> "Map": {"k": v}
//   <Flag>true</Flag> (or 1, 0)      -> "Flag": true, for a bool field
//   other scalars and Timestamps     -> their text as a JSON string, which protobuf's JSON
//                                       parser reads as a number, enum name and so on
//   an element no field has          -> passed on, for the JSON parser to name as unknown
// Safety: a DOCTYPE (hence any entity definition, internal or external) is refused, and so
// are processing instructions other than the XML declaration; nesting is bounded.
#include <string>

#include <absl/status/statusor.h>
#include <google/protobuf/descriptor.h>

namespace consent::protoxml {

struct XmlLimits {
  // As the JSON depth bound (gateway/json_body.h): a document of this API nests 6 levels.
  int max_depth = 32;
};

// INVALID_ARGUMENT "malformed XML: ..." for a document that is not well-formed XML, holds a
// DOCTYPE, nests deeper than the bound, or uses a type with no XML form (Struct, Value).
absl::StatusOr<std::string> XmlToJson(const std::string& xml,
                                      const google::protobuf::Descriptor* type,
                                      const XmlLimits& limits);

}  // namespace consent::protoxml
