#pragma once
// Writes the API JSON of protobuf messages (protojson::ToApiJson, unset messages as null)
// as XML, guided by the descriptor: the root element and namespace, list item names and
// element order from proto/consent/v1/xml.proto; null as i:nil="true"; a map as
// <Entry><Key>..</Key><Value>..</Value></Entry> items. xml_reader.h reads what this writes.
#include <string>

#include <google/protobuf/descriptor.h>
#include <nlohmann/json.hpp>

namespace consent::protoxml {

// The document of one `type` message.
std::string MessageToXml(const nlohmann::ordered_json& json,
                         const google::protobuf::Descriptor* type);

// The document of a list of `type` messages (a server-streaming answer): a root
// <ArrayOf{ElementName}> holding each message as an item.
std::string MessagesToXml(const nlohmann::ordered_json& array,
                          const google::protobuf::Descriptor* type);

// `text` with &, <, > and " escaped, and characters XML 1.0 cannot hold (C0 controls but
// tab, line feed, carriage return) as U+FFFD.
void AppendEscaped(std::string* out, const std::string& text);

}  // namespace consent::protoxml
