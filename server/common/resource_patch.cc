#include "server/common/resource_patch.h"

#include <memory>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "lib/jsonpatch/json_patch.h"
#include "lib/protojson/api_json.h"
#include "lib/protojson/json_parse.h"
#include "lib/protojson/json_shape.h"
#include "lib/wire/status_details.h"
#include "server/common/kept_changes.h"

namespace consent {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

enum class PatchFormat { kJsonPatch, kMergePatch, kByShape };

PatchFormat FormatOf(absl::string_view media_type) {
  absl::string_view type = absl::StripAsciiWhitespace(media_type.substr(0, media_type.find(';')));
  if (absl::EqualsIgnoreCase(type, "application/json-patch+json")) return PatchFormat::kJsonPatch;
  if (absl::EqualsIgnoreCase(type, "application/merge-patch+json")) return PatchFormat::kMergePatch;
  return PatchFormat::kByShape;
}

absl::Status Malformed(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("malformed patch: ", why));
}

absl::StatusOr<json> PatchDocument(const google::protobuf::Value& patch) {
  std::string text;
  if (patch.kind_case() == google::protobuf::Value::KIND_NOT_SET ||
      !google::protobuf::util::MessageToJsonString(patch, &text).ok()) {
    return Malformed("no patch document");
  }
  return json::parse(text);
}

// A JSON Pointer reference token as the property name it stands for (RFC 6901).
std::string Unescape(absl::string_view token) {
  return absl::StrReplaceAll(token, {{"~1", "/"}, {"~0", "~"}});
}

// The JSON pointer "/Versions/5/Name" as the API names that property, "Versions[5].Name"
// (the document root is "").
std::string PropertyOf(absl::string_view pointer) {
  if (!absl::ConsumePrefix(&pointer, "/")) return "";
  std::string property;
  for (absl::string_view token : absl::StrSplit(pointer, '/')) {
    std::string name = Unescape(token);
    bool index =
        !name.empty() && (name == "-" || name.find_first_not_of("0123456789") == std::string::npos);
    if (index) {
      absl::StrAppend(&property, "[", name, "]");
    } else {
      absl::StrAppend(&property, property.empty() ? "" : ".", name);
    }
  }
  return property;
}

// The field of `type` named `name` (JSON or proto name), else the one whose JSON name equals
// it ignoring ASCII case when exactly one does: clients of the .NET API behind MyPreferences PATCH
// ConsentType may write "/typeName" for "TypeName", and its JSON Patch accepts that.
const FieldDescriptor* FieldNamed(const Descriptor* type, const std::string& name) {
  if (type == nullptr) return nullptr;
  const FieldDescriptor* found = nullptr;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->json_name() == name || field->name() == name) return field;
    if (absl::EqualsIgnoreCase(field->json_name(), name)) {
      if (found != nullptr) return nullptr;  // ambiguous
      found = field;
    }
  }
  return found;
}

std::string Escape(absl::string_view token) {
  return absl::StrReplaceAll(token, {{"~", "~0"}, {"/", "~1"}});
}

// `pointer` with each property spelled as the field's JSON name, as the resource's JSON
// (lib/protojson/api_json.h) spells it.
std::string MatchPointerCase(const Descriptor* type, const std::string& pointer) {
  if (pointer.empty() || pointer.front() != '/') return pointer;
  std::string matched;
  const FieldDescriptor* list = nullptr;  // a repeated field whose index comes next
  for (absl::string_view escaped : absl::StrSplit(pointer.substr(1), '/')) {
    std::string token = Unescape(escaped);
    if (list != nullptr) {  // an index (or "-"): the element is of the list's type
      type = list->message_type();
      list = nullptr;
    } else if (const FieldDescriptor* field = FieldNamed(type, token); field != nullptr) {
      token = field->json_name();
      type = field->is_map() ? nullptr : field->message_type();
      if (field->is_repeated() && !field->is_map()) list = field;
    } else {
      type = nullptr;  // unknown from here on: left as written
    }
    absl::StrAppend(&matched, "/", Escape(token));
  }
  return matched;
}

json MatchJsonPatchCase(const Descriptor* type, json patch) {
  for (json& op : patch) {
    if (!op.is_object()) continue;
    for (const char* member : {"path", "from"}) {
      if (auto it = op.find(member); it != op.end() && it->is_string()) {
        *it = MatchPointerCase(type, it->get<std::string>());
      }
    }
  }
  return patch;
}

// A merge patch's member names spelled as the fields' JSON names, at every level.
json MatchMergePatchCase(const Descriptor* type, const json& patch) {
  if (type == nullptr || !patch.is_object()) return patch;
  json matched = json::object();
  for (const auto& [key, value] : patch.items()) {
    const FieldDescriptor* field = FieldNamed(type, key);
    if (field == nullptr || field->is_map() || field->message_type() == nullptr) {
      matched[field != nullptr ? field->json_name() : key] = value;
      continue;
    }
    json& out = matched[field->json_name()];
    if (field->is_repeated() && value.is_array()) {
      out = json::array();
      for (const json& element : value)
        out.push_back(MatchMergePatchCase(field->message_type(), element));
    } else {
      out = MatchMergePatchCase(field->message_type(), value);
    }
  }
  return matched;
}

// A patch with its property names spelled as the resource's JSON spells them.
struct MatchedPatch {
  json patch;
  bool json_patch;  // else a merge patch
};

absl::StatusOr<MatchedPatch> Matched(const Descriptor* type, const json& patch,
                                     PatchFormat format) {
  if (format == PatchFormat::kJsonPatch || (format == PatchFormat::kByShape && patch.is_array())) {
    return MatchedPatch{patch.is_array() ? MatchJsonPatchCase(type, patch) : patch, true};
  }
  if (!patch.is_object()) {
    return Malformed(format == PatchFormat::kMergePatch
                         ? "a merge patch of a resource must be a JSON object"
                         : "expected a JSON Patch array or a merge patch object");
  }
  return MatchedPatch{MatchMergePatchCase(type, patch), false};
}

jsonpatch::Limits& PatchLimits() {
  static jsonpatch::Limits limits;
  return limits;
}

absl::StatusOr<json> Patched(const json& doc, const MatchedPatch& patch) {
  if (!patch.json_patch) return jsonpatch::ApplyMergePatch(doc, patch.patch);
  jsonpatch::PatchResult result = jsonpatch::ApplyJsonPatch(doc, patch.patch, PatchLimits());
  if (result.ok()) return std::move(result.document);
  const jsonpatch::PatchError& error = *result.error;
  switch (error.kind) {
    case jsonpatch::PatchError::Kind::kPathNotFound:
      return wire::FieldViolation(PropertyOf(error.pointer), "does not exist");
    case jsonpatch::PatchError::Kind::kTestFailed:
      return absl::AbortedError(absl::StrCat("test operation failed: ",
                                             absl::StripPrefix(error.message, "test failed: ")));
    case jsonpatch::PatchError::Kind::kMalformed:
    case jsonpatch::PatchError::Kind::kTooLarge:
      break;
  }
  return absl::InvalidArgumentError(error.message);
}

absl::Status CheckReadOnly(const json& before, const json& after,
                           const std::vector<std::string>& read_only_fields) {
  wire::FieldViolations violations;
  for (const std::string& field : read_only_fields) {
    if (before.value(field, json()) != after.value(field, json()))
      violations.Add(field, "is read-only");
  }
  return violations.ToStatus();
}

// The REST JSON of `message`, as the gateway prints GET's answer.
json RestJson(const google::protobuf::Message& message) {
  return json::parse(protojson::ToApiJson(message, /*null_unset=*/true));
}

}  // namespace

void SetPatchLimits(const jsonpatch::Limits& limits) { PatchLimits() = limits; }

absl::Status ApplyPatch(const google::protobuf::Value& patch, const CallContext& call,
                        const std::vector<std::string>& read_only_fields,
                        google::protobuf::Message* resource, const StoredView& stored_view) {
  absl::StatusOr<json> document = PatchDocument(patch);
  if (!document.ok()) return document.status();
  const Descriptor& type = *resource->GetDescriptor();
  absl::StatusOr<MatchedPatch> matched = Matched(&type, *document, FormatOf(call.patch_format));
  if (!matched.ok()) return matched.status();
  const json before = RestJson(*resource);
  absl::StatusOr<json> after = Patched(before, *matched);
  if (!after.ok()) return after.status();
  // Every unknown property and bad value at once, in the API's words.
  if (after->is_object()) {
    protojson::JsonShapeProblems problems = protojson::CheckJsonShape(*after, type);
    wire::FieldViolations violations;
    for (const std::string& path : problems.unknown_fields) {
      violations.Add(path, "is not a property of this resource");
    }
    for (const auto& [path, message] : problems.invalid_values) violations.Add(path, message);
    if (!violations.empty()) return violations.ToStatus();
  }
  std::unique_ptr<google::protobuf::Message> parsed(resource->New());
  if (auto error = protojson::ParseApiJson(after->dump(), parsed.get())) {
    return wire::FieldViolation(error->field, error->description);
  }
  const json read = RestJson(*parsed);
  if (absl::Status status = CheckReadOnly(before, read, read_only_fields); !status.ok()) {
    return status;
  }
  if (stored_view) {
    std::unique_ptr<google::protobuf::Message> shown(resource->New());
    if (absl::Status status = stored_view(*parsed, shown.get()); !status.ok()) return status;
    if (absl::Status status =
            CheckChangesKept(MembersWritten(type, matched->patch, matched->json_patch, *after),
                             before, read, RestJson(*shown));
        !status.ok()) {
      return status;
    }
  }
  resource->CopyFrom(*parsed);
  return absl::OkStatus();
}

}  // namespace consent
