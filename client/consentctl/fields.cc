#include "client/consentctl/fields.h"

#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>

#include "proto/consent/v1/access.pb.h"

namespace consent::ctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The last field of `path` and the descriptor of the message holding it (nullptr if unknown).
const FieldDescriptor* Resolve(const Descriptor& root, const std::string& path) {
  const Descriptor* d = &root;
  const FieldDescriptor* field = nullptr;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (d == nullptr) return nullptr;
    field = d->FindFieldByName(std::string(part));
    if (field == nullptr) return nullptr;
    d = field->type() == FieldDescriptor::TYPE_MESSAGE ? field->message_type() : nullptr;
  }
  return field;
}

std::string Parent(const std::string& path) {
  auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

absl::Status BadValue(const FieldDescriptor& field, const std::string& text) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", Kebab(field.name()), ": '", text, "' is not a valid ",
                   FieldType(*field.containing_type(), field.name())));
}

}  // namespace

std::string Kebab(const std::string& snake) { return absl::StrReplaceAll(snake, {{"_", "-"}}); }

Message* MutableAt(Message& message, const std::string& path) {
  Message* m = &message;
  if (path.empty()) return m;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(part));
    m = m->GetReflection()->MutableMessage(m, f);
  }
  return m;
}

absl::Status SetField(Message& message, const std::string& path, const std::string& text) {
  const FieldDescriptor* field = Resolve(*message.GetDescriptor(), path);
  if (field == nullptr || field->is_repeated() || field->type() == FieldDescriptor::TYPE_MESSAGE) {
    return absl::InvalidArgumentError(absl::StrCat("no settable field ", path));
  }
  Message* target = MutableAt(message, Parent(path));
  const auto* r = target->GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(target, field, text);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v;
      if (!absl::SimpleAtoi(text, &v)) return BadValue(*field, text);
      r->SetInt32(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v;
      if (!absl::SimpleAtoi(text, &v)) return BadValue(*field, text);
      r->SetInt64(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v;
      if (!absl::SimpleAtob(text, &v)) return BadValue(*field, text);
      r->SetBool(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = field->enum_type()->FindValueByName(text);
      int number;
      if (value == nullptr && absl::SimpleAtoi(text, &number))
        value = field->enum_type()->FindValueByNumber(number);
      if (value == nullptr) return BadValue(*field, text);
      r->SetEnum(target, field, value);
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("field ", path, " cannot be set from the command line"));
  }
}

const Descriptor* MessageTypeAt(const Descriptor& descriptor, const std::string& path) {
  return path.empty() ? &descriptor : Resolve(descriptor, path)->message_type();
}

std::vector<FieldFlag> ScalarFlags(const Descriptor& descriptor, const std::string& prefix) {
  const Descriptor& d = *MessageTypeAt(descriptor, prefix);
  std::vector<FieldFlag> flags;
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor* f = d.field(i);
    if (f->is_repeated() || f->type() == FieldDescriptor::TYPE_MESSAGE ||
        f->options().GetExtension(v1::read_only))
      continue;
    flags.push_back({Kebab(f->name()),
                     prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name()),
                     FieldType(d, f->name())});
  }
  return flags;
}

std::string FieldType(const Descriptor& descriptor, const std::string& path) {
  const FieldDescriptor* f = Resolve(descriptor, path);
  if (f == nullptr) return "?";
  if (f->cpp_type() != FieldDescriptor::CPPTYPE_ENUM) return f->type_name();
  std::vector<std::string> names;
  for (int i = 0; i < f->enum_type()->value_count(); ++i) {
    if (f->enum_type()->value(i)->number() != 0) names.push_back(f->enum_type()->value(i)->name());
  }
  return absl::StrJoin(names, "|");
}

}  // namespace consent::ctl
