#pragma once
// The XML shape of protobuf messages, from the options of proto/consent/v1/xml.proto.
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>

namespace consent::protoxml {

// The XML Schema instance namespace, for i:nil.
inline constexpr char kXsiNamespace[] = "http://www.w3.org/2001/XMLSchema-instance";

// The element name of `type` as a document root or a list item.
std::string ElementName(const google::protobuf::Descriptor* type);

// The default namespace of a document rooted at `type`; empty: none.
std::string Namespace(const google::protobuf::Descriptor* type);

// The element name of each item of the repeated `field`.
std::string ItemName(const google::protobuf::FieldDescriptor* field);

// The fields of `type` in the order they are written.
std::vector<const google::protobuf::FieldDescriptor*> WriteOrder(
    const google::protobuf::Descriptor* type);

// A well-known type written as one text (Timestamp, Duration, FieldMask, the wrappers).
bool IsTextType(const google::protobuf::Descriptor* type);

// A well-known type that has no XML form (Struct, Value, ListValue, Any).
bool IsJsonOnlyType(const google::protobuf::Descriptor* type);

}  // namespace consent::protoxml
