#include "lib/protojson/json_printer.h"

#include <cstdio>

#include <absl/strings/str_cat.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include "lib/protojson/unset_enum.h"

namespace consent::protojson {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::util::TimeUtil;

// Length of the UTF-8 sequence at `s[i]`, or 0 if it is not valid UTF-8.
size_t Utf8Length(const std::string& s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  uint32_t code = n == 1 ? c : c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) code = (code << 6) | (byte(i + k) & 0x3F);
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};  // no overlong forms
  if (code < kMin[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

char ShortEscape(unsigned char c) {
  switch (c) {
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

// As nlohmann::json::dump(-1, ' ', false) escapes.
bool AppendString(const std::string& s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8Length(s, i);
    if (n == 0) return false;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (n > 1) {
      out->append(s, i, n);
    } else if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (const char letter = ShortEscape(c)) {
      out->push_back('\\');
      out->push_back(letter);
    } else if (c < 0x20) {
      char escaped[7];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
      out->append(escaped);
    } else {
      out->push_back(static_cast<char>(c));
    }
    i += n;
  }
  out->push_back('"');
  return true;
}

class Printer {
 public:
  Printer(bool null_unset_messages, std::string* out)
      : null_unset_messages_(null_unset_messages), out_(out) {}

  bool PrintMessage(const Message& message) {
    const Descriptor* type = message.GetDescriptor();
    if (type->file()->package() == "google.protobuf") return PrintWellKnown(message);
    const Reflection* reflection = message.GetReflection();
    out_->push_back('{');
    bool first = true;
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->containing_oneof() != nullptr) return false;  // real or proto3 optional
      const bool absent_message = field->message_type() != nullptr && !field->is_repeated() &&
                                  !reflection->HasField(message, field);
      if (absent_message && !null_unset_messages_) continue;
      if (!first) out_->push_back(',');
      first = false;
      if (!AppendString(field->json_name(), out_)) return false;
      out_->push_back(':');
      if (absent_message) {
        out_->append("null");
      } else if (!PrintField(message, field)) {
        return false;
      }
    }
    out_->push_back('}');
    return true;
  }

 private:
  bool PrintField(const Message& message, const FieldDescriptor* field) {
    const Reflection* reflection = message.GetReflection();
    if (field->is_map()) {
      if (reflection->FieldSize(message, field) != 0) return false;  // entry order
      out_->append("{}");
      return true;
    }
    if (!field->is_repeated()) return PrintValue(message, field, -1);
    out_->push_back('[');
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      if (i > 0) out_->push_back(',');
      if (!PrintValue(message, field, i)) return false;
    }
    out_->push_back(']');
    return true;
  }

  // The field's value, or its `index`th element when index >= 0.
  bool PrintValue(const Message& message, const FieldDescriptor* field, int index) {
    const Reflection* r = message.GetReflection();
    const bool one = index < 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        absl::StrAppend(
            out_, one ? r->GetInt32(message, field) : r->GetRepeatedInt32(message, field, index));
        return true;
      case FieldDescriptor::CPPTYPE_UINT32:
        absl::StrAppend(
            out_, one ? r->GetUInt32(message, field) : r->GetRepeatedUInt32(message, field, index));
        return true;
      case FieldDescriptor::CPPTYPE_INT64:
        absl::StrAppend(
            out_, "\"",
            one ? r->GetInt64(message, field) : r->GetRepeatedInt64(message, field, index), "\"");
        return true;
      case FieldDescriptor::CPPTYPE_UINT64:
        absl::StrAppend(
            out_, "\"",
            one ? r->GetUInt64(message, field) : r->GetRepeatedUInt64(message, field, index), "\"");
        return true;
      case FieldDescriptor::CPPTYPE_BOOL:
        out_->append((one ? r->GetBool(message, field) : r->GetRepeatedBool(message, field, index))
                         ? "true"
                         : "false");
        return true;
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int number =
            one ? r->GetEnumValue(message, field) : r->GetRepeatedEnumValue(message, field, index);
        if (const auto* value = field->enum_type()->FindValueByNumber(number)) {
          if (null_unset_messages_ && IsUnsetEnumValue(*value)) {
            out_->append("null");
            return true;
          }
          return AppendString(value->name(), out_);
        }
        absl::StrAppend(out_, number);
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING:
        if (field->type() == FieldDescriptor::TYPE_BYTES) return false;
        return AppendString(
            one ? r->GetString(message, field) : r->GetRepeatedString(message, field, index), out_);
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return PrintMessage(one ? r->GetMessage(message, field)
                                : r->GetRepeatedMessage(message, field, index));
      default:  // float, double
        return false;
    }
  }

  bool PrintWellKnown(const Message& message) {
    const Descriptor* type = message.GetDescriptor();
    if (type->full_name() == "google.protobuf.Empty") {
      out_->append("{}");
      return true;
    }
    if (type->full_name() != "google.protobuf.Timestamp") return false;
    // By name: in the gateway the message comes from a dynamic pool.
    const Reflection* r = message.GetReflection();
    google::protobuf::Timestamp timestamp;
    timestamp.set_seconds(r->GetInt64(message, type->FindFieldByName("seconds")));
    timestamp.set_nanos(r->GetInt32(message, type->FindFieldByName("nanos")));
    if (timestamp.seconds() < TimeUtil::kTimestampMinSeconds ||
        timestamp.seconds() > TimeUtil::kTimestampMaxSeconds || timestamp.nanos() < 0 ||
        timestamp.nanos() > 999999999) {
      return false;
    }
    return AppendString(TimeUtil::ToString(timestamp), out_);
  }

  bool null_unset_messages_;
  std::string* out_;
};

}  // namespace

bool PrintJsonFast(const Message& message, bool null_unset_messages, std::string* out) {
  out->clear();
  if (Printer(null_unset_messages, out).PrintMessage(message)) return true;
  out->clear();
  return false;
}

}  // namespace consent::protojson
