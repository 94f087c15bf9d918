#include "server/common/storable_text.h"

#include <absl/strings/str_cat.h>

#include "lib/wire/status_details.h"

namespace consent {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Deeper than any API message (google.protobuf.Value nests as deep as a patch document,
// which the gateway caps at 32 levels).
constexpr int kMaxDepth = 64;

void CheckMessage(const Message& message, const std::string& prefix, int depth,
                  wire::FieldViolations& violations);

void CheckValue(const Message& message, const FieldDescriptor* field, int index,
                const std::string& path, int depth, wire::FieldViolations& violations) {
  const auto* reflection = message.GetReflection();
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
      field->type() != FieldDescriptor::TYPE_BYTES) {
    std::string scratch;
    const std::string& text =
        index < 0 ? reflection->GetStringReference(message, field, &scratch)
                  : reflection->GetRepeatedStringReference(message, field, index, &scratch);
    if (text.find('\0') != std::string::npos) {
      violations.Add(path, "must not contain the NUL character (U+0000)");
    }
  } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    CheckMessage(index < 0 ? reflection->GetMessage(message, field)
                           : reflection->GetRepeatedMessage(message, field, index),
                 path, depth + 1, violations);
  }
}

void CheckMessage(const Message& message, const std::string& prefix, int depth,
                  wire::FieldViolations& violations) {
  if (depth > kMaxDepth) return;
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    // The body of a request is its singular message field: its properties are top-level.
    const bool body = depth == 0 && !field->is_repeated() &&
                      field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    const std::string path =
        body ? prefix : (prefix.empty() ? field->json_name() : prefix + "." + field->json_name());
    if (!field->is_repeated()) {
      CheckValue(message, field, -1, path, depth, violations);
      continue;
    }
    const int size = message.GetReflection()->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      CheckValue(message, field, i, absl::StrCat(path, "[", i, "]"), depth, violations);
    }
  }
}

}  // namespace

absl::Status CheckStorableText(const Message& request) {
  wire::FieldViolations violations;
  CheckMessage(request, "", 0, violations);
  return violations.ToStatus();
}

}  // namespace consent
