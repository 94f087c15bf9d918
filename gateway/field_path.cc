#include "gateway/field_path.h"

#include <cstdint>

#include <absl/strings/escaping.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_split.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/json_field_path.h"

namespace consent::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const FieldDescriptor* FindField(const Descriptor* type, const std::string& name) {
  if (const FieldDescriptor* field = type->FindFieldByName(name)) return field;
  return protojson::FieldByJsonName(type, name);
}

// True if `text` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code
// points past U+10FFFF), as protobuf wants every string field and nlohmann::json::dump
// every string it prints.
bool IsUtf8(const std::string& text) {
  static constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};  // by continuation bytes
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t continuations;
    uint32_t code_point;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      continuations = 1, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      continuations = 2, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      continuations = 3, code_point = lead & 0x07;
    } else {
      return false;
    }
    if (text.size() - i <= continuations) return false;
    for (size_t k = 1; k <= continuations; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < kSmallest[continuations] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += continuations + 1;
  }
  return true;
}

template <typename T>
bool ParseNumber(const std::string& text, T* out) {
  if constexpr (std::is_same_v<T, float>)
    return absl::SimpleAtof(text, out);
  else if constexpr (std::is_same_v<T, double>)
    return absl::SimpleAtod(text, out);
  else if constexpr (std::is_same_v<T, bool>)
    return absl::SimpleAtob(text, out);
  else
    return absl::SimpleAtoi(text, out);
}

// Sets or appends a scalar through reflection; false if `text` does not parse.
template <typename T>
bool SetScalar(Message& message, const FieldDescriptor* field, const std::string& text,
               void (Reflection::*set)(Message*, const FieldDescriptor*, T) const,
               void (Reflection::*add)(Message*, const FieldDescriptor*, T) const) {
  T value{};
  if (!ParseNumber(text, &value)) return false;
  (message.GetReflection()->*(field->is_repeated() ? add : set))(&message, field, value);
  return true;
}

bool SetLeaf(Message& message, const FieldDescriptor* field, const std::string& text) {
  const Reflection* reflection = message.GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return SetScalar<int32_t>(message, field, text, &Reflection::SetInt32, &Reflection::AddInt32);
    case FieldDescriptor::CPPTYPE_INT64:
      return SetScalar<int64_t>(message, field, text, &Reflection::SetInt64, &Reflection::AddInt64);
    case FieldDescriptor::CPPTYPE_UINT32:
      return SetScalar<uint32_t>(message, field, text, &Reflection::SetUInt32,
                                 &Reflection::AddUInt32);
    case FieldDescriptor::CPPTYPE_UINT64:
      return SetScalar<uint64_t>(message, field, text, &Reflection::SetUInt64,
                                 &Reflection::AddUInt64);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return SetScalar<float>(message, field, text, &Reflection::SetFloat, &Reflection::AddFloat);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return SetScalar<double>(message, field, text, &Reflection::SetDouble,
                               &Reflection::AddDouble);
    case FieldDescriptor::CPPTYPE_BOOL:
      return SetScalar<bool>(message, field, text, &Reflection::SetBool, &Reflection::AddBool);
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = text;
      if (field->type() == FieldDescriptor::TYPE_BYTES &&
          !absl::WebSafeBase64Unescape(text, &value) && !absl::Base64Unescape(text, &value)) {
        return false;
      }
      repeated ? reflection->AddString(&message, field, value)
               : reflection->SetString(&message, field, value);
      return true;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number = 0;
      if (const auto* value = field->enum_type()->FindValueByName(text)) {
        number = value->number();
      } else if (!absl::SimpleAtoi(text, &number)) {
        return false;
      }
      repeated ? reflection->AddEnumValue(&message, field, number)
               : reflection->SetEnumValue(&message, field, number);
      return true;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* target = repeated ? reflection->AddMessage(&message, field)
                                 : reflection->MutableMessage(&message, field);
      return google::protobuf::util::JsonStringToMessage(nlohmann::json(text).dump(), target).ok();
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<FieldPath> ResolveFieldPath(const Descriptor* type, const std::string& path) {
  const std::vector<std::string> names = absl::StrSplit(path, '.');
  FieldPath fields;
  for (const std::string& name : names) {
    if (type == nullptr || (!fields.empty() && fields.back()->is_repeated())) {
      return absl::InvalidArgumentError(path + ": " + fields.back()->name() +
                                        " is not a singular message");
    }
    const FieldDescriptor* field = FindField(type, name);
    if (field == nullptr) return absl::NotFoundError("no field \"" + path + "\"");
    fields.push_back(field);
    type = field->message_type();
  }
  return fields;
}

Message* MutableMessageAt(Message& message, const FieldPath& path) {
  Message* current = &message;
  for (const FieldDescriptor* field : path) {
    current = current->GetReflection()->MutableMessage(current, field);
  }
  return current;
}

absl::Status SetFieldFromText(Message& message, const FieldPath& path, const std::string& text) {
  // Percent-decoding makes any bytes of a path or query: a string field holding invalid
  // UTF-8 would not parse at the server, and a message field's JSON would not print.
  if (!IsUtf8(text)) {
    return absl::InvalidArgumentError("invalid value for " + path.back()->json_name() +
                                      ": not UTF-8 text");
  }
  Message* parent = MutableMessageAt(message, FieldPath(path.begin(), path.end() - 1));
  if (!SetLeaf(*parent, path.back(), text)) {
    return absl::InvalidArgumentError("invalid value \"" + text + "\" for " +
                                      path.back()->json_name());
  }
  return absl::OkStatus();
}

}  // namespace consent::gateway
