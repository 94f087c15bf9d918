#include "common/resource_patch.h"

#include <memory>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_parse_violation.h"
#include "common/proto_json.h"
#include "patch/json_patch.h"

namespace consent {
namespace {

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

// The engine reports `path "/Versions/5/Name" does not exist`; the API names that
// property "Versions[5].Name" (the document root is "").
std::string MissingProperty(absl::string_view message) {
  absl::string_view pointer = message;
  if (!absl::ConsumePrefix(&pointer, "path \"/") ||
      !absl::ConsumeSuffix(&pointer, "\" does not exist")) {
    return "";
  }
  std::string property;
  for (absl::string_view token : absl::StrSplit(pointer, '/')) {
    std::string name = absl::StrReplaceAll(token, {{"~1", "/"}, {"~0", "~"}});
    bool index = !name.empty() && (name == "-" || name.find_first_not_of("0123456789") ==
                                                      std::string::npos);
    if (index) {
      absl::StrAppend(&property, "[", name, "]");
    } else {
      absl::StrAppend(&property, property.empty() ? "" : ".", name);
    }
  }
  return property;
}

absl::StatusOr<json> Patched(const json& doc, const json& patch, PatchFormat format) {
  bool json_patch =
      format == PatchFormat::kJsonPatch || (format == PatchFormat::kByShape && patch.is_array());
  if (json_patch) {
    absl::StatusOr<json> result = patch::ApplyJsonPatch(doc, patch);
    if (result.status().code() == absl::StatusCode::kOutOfRange)
      return FieldViolation(MissingProperty(result.status().message()), "does not exist");
    if (result.status().code() == absl::StatusCode::kAborted) {
      return absl::AbortedError(absl::StrCat(
          "test operation failed: ", absl::StripPrefix(result.status().message(), "test failed: ")));
    }
    return result;
  }
  if (!patch.is_object()) {
    return Malformed(format == PatchFormat::kMergePatch
                         ? "a merge patch of a resource must be a JSON object"
                         : "expected a JSON Patch array or a merge patch object");
  }
  return patch::ApplyMergePatch(doc, patch);
}

absl::Status CheckReadOnly(const json& before, const json& after,
                           const std::vector<std::string>& read_only_fields) {
  FieldViolations violations;
  for (const std::string& field : read_only_fields) {
    if (before.value(field, json()) != after.value(field, json()))
      violations.Add(field, "is read-only");
  }
  return violations.ToStatus();
}

}  // namespace

absl::Status ApplyPatch(const google::protobuf::Value& patch, const CallContext& call,
                        const std::vector<std::string>& read_only_fields,
                        google::protobuf::Message* resource) {
  absl::StatusOr<json> document = PatchDocument(patch);
  if (!document.ok()) return document.status();
  json before = json::parse(ToJson(*resource));
  absl::StatusOr<json> after = Patched(before, *document, FormatOf(call.patch_format));
  if (!after.ok()) return after.status();
  std::unique_ptr<google::protobuf::Message> parsed(resource->New());
  if (absl::Status status = FromJson(after->dump(), parsed.get()); !status.ok())
    return JsonParseViolation(*resource->GetDescriptor(), status.message());
  if (absl::Status status = CheckReadOnly(before, json::parse(ToJson(*parsed)), read_only_fields);
      !status.ok()) {
    return status;
  }
  resource->CopyFrom(*parsed);
  return absl::OkStatus();
}

}  // namespace consent
