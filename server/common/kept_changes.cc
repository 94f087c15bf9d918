#include "server/common/kept_changes.h"

#include <algorithm>

#include <absl/strings/str_cat.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>

#include "lib/wire/status_details.h"

namespace consent {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

// The field of `type` a member name stands for: its JSON name or its proto name, as
// protobuf's parser reads both (null for none, or when `type` is null).
const FieldDescriptor* FieldOf(const Descriptor* type, const std::string& name) {
  if (type == nullptr) return nullptr;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->json_name() == name || field->name() == name) return field;
  }
  return nullptr;
}

// A field whose members count one by one: a singular message with an object form.
const Descriptor* MembersOf(const FieldDescriptor* field) {
  if (field == nullptr || field->message_type() == nullptr || field->is_repeated() ||
      field->message_type()->file()->package() == "google.protobuf") {
    return nullptr;
  }
  return field->message_type();
}

// `name` as a JSON pointer token (RFC 6901).
std::string Escaped(const std::string& name) {
  return absl::StrReplaceAll(name, {{"~", "~0"}, {"/", "~1"}});
}

class Collector {
 public:
  explicit Collector(const Descriptor& type) : root_(type) {}

  // The member at `pointer` (a JSON Patch path, escaped), cut after its first token that
  // is not a singular message.
  void Path(const std::string& pointer) {
    WrittenMember member;
    Walk(pointer, &member);
    Add(std::move(member));
  }

  // The members `value`, written at `pointer`, holds.
  void Value(const std::string& pointer, const json& value) {
    WrittenMember member;
    if (const Descriptor* type = Walk(pointer, &member)) return Expand(type, value, member);
    Add(std::move(member));  // within a list, a map or a scalar: one member
  }

  std::vector<WrittenMember> members() && { return std::move(members_); }

 private:
  // Appends to `member` the member `name` (spelled as in a JSON pointer: `token`).
  static void Step(const std::string& token, const std::string& name, WrittenMember* member) {
    absl::StrAppend(&member->pointer, "/", token);
    absl::StrAppend(&member->property, member->property.empty() ? "" : ".", name);
  }

  // Follows `pointer` from the root into `member`, down to its end or to its first token
  // that is not a singular message. The type whose members come next, or null.
  const Descriptor* Walk(const std::string& pointer, WrittenMember* member) const {
    const Descriptor* type = &root_;
    if (pointer.empty()) return type;
    for (absl::string_view token : absl::StrSplit(absl::string_view(pointer).substr(1), '/')) {
      const FieldDescriptor* field = FieldOf(type, std::string(token));
      // A field's JSON name needs no escaping; anything else stays as the path spells it.
      const std::string name = field != nullptr ? field->json_name() : std::string(token);
      Step(name, name, member);
      type = MembersOf(field);
      if (type == nullptr) return nullptr;
    }
    return type;
  }

  void Expand(const Descriptor* type, const json& value, const WrittenMember& at) {
    if (!value.is_object()) return Add(at);
    for (const auto& [name, item] : value.items()) {
      const FieldDescriptor* field = FieldOf(type, name);
      WrittenMember member = at;
      const std::string& spelled = field != nullptr ? field->json_name() : name;
      Step(Escaped(spelled), spelled, &member);
      if (const Descriptor* members = MembersOf(field)) {
        Expand(members, item, member);
      } else {
        Add(std::move(member));
      }
    }
  }

  void Add(WrittenMember member) {
    if (member.pointer.empty()) return;  // the root is never one member
    members_.push_back(std::move(member));
  }

  const Descriptor& root_;
  std::vector<WrittenMember> members_;
};

std::string Text(const json& op, const char* member) {
  auto it = op.find(member);
  return it != op.end() && it->is_string() ? it->get<std::string>() : "";
}

// The value at `pointer` in `document`, null when there is none.
json At(const json& document, const std::string& pointer) {
  try {
    const json::json_pointer at(pointer);
    return document.contains(at) ? document.at(at) : json();
  } catch (const json::exception&) {  // an index into a non-array, say: nothing there
    return json();
  }
}

}  // namespace

std::vector<WrittenMember> MembersWritten(const Descriptor& type, const json& patch,
                                          bool json_patch, const json& after) {
  Collector collector(type);
  if (!json_patch) {
    collector.Value("", patch);
    return std::move(collector).members();
  }
  for (const json& op : patch) {
    const std::string name = Text(op, "op"), path = Text(op, "path");
    if (name == "add" || name == "replace") {
      collector.Value(path, op.value("value", json()));
    } else if (name == "remove") {
      collector.Path(path);
    } else if (name == "copy" || name == "move") {
      if (name == "move") collector.Path(Text(op, "from"));
      collector.Value(path, At(after, path));
    }
  }
  return std::move(collector).members();
}

absl::Status CheckChangesKept(const std::vector<WrittenMember>& written, const json& before,
                              const json& read, const json& stored) {
  wire::FieldViolations violations;
  std::vector<std::string> refused;
  for (const WrittenMember& member : written) {
    const json now = At(read, member.pointer);
    if (now == At(before, member.pointer) || now == At(stored, member.pointer)) continue;
    if (std::find(refused.begin(), refused.end(), member.property) != refused.end()) continue;
    refused.push_back(member.property);
    violations.Add(member.property, "is read-only");
  }
  return violations.ToStatus();
}

}  // namespace consent
