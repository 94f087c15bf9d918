#include "gateway/json_body.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/json_parse.h"
#include "lib/protojson/json_shape.h"
#include "lib/wire/status_details.h"

namespace consent::gateway {
namespace {

// Deep enough for any document of this API (a ConsentTypes batch nests 5 levels), shallow
// enough that protobuf's JSON transcoder, which slows quadratically with nesting, stays fast.
constexpr int kMaxNesting = 32;

absl::Status UnknownFields(const std::vector<std::string>& paths) {
  return absl::InvalidArgumentError(
      absl::StrCat(paths.size() == 1 ? "unknown field " : "unknown fields ",
                   absl::StrJoin(paths, ", ", [](std::string* out, const std::string& path) {
                     out->append(nlohmann::json(path).dump());
                   })));
}

// True if arrays and objects in `json` nest deeper than `limit` (brackets inside strings do
// not count; a malformed document is the parser's to report).
bool NestsDeeperThan(const std::string& json, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

absl::Status ParseJsonInto(const std::string& json, google::protobuf::Message& message) {
  if (NestsDeeperThan(json, kMaxNesting)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the JSON document nests arrays and objects deeper than ", kMaxNesting, " levels"));
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& error) {  // also numbers out of range (1e400)
    std::string what = error.what();
    if (size_t end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
    return absl::InvalidArgumentError("malformed JSON: " + what);
  }
  // Well-known types (a google.protobuf.Value body is any JSON) are protobuf's to check.
  if (message.GetDescriptor()->file()->package() != "google.protobuf") {
    if (!document.is_object())
      return absl::InvalidArgumentError("the request body must be a JSON object");
    // Every problem at once, in the API's words; protobuf's parser names only the first.
    protojson::JsonShapeProblems problems =
        protojson::CheckJsonShape(document, *message.GetDescriptor());
    if (!problems.unknown_fields.empty()) return UnknownFields(problems.unknown_fields);
    if (!problems.invalid_values.empty()) {
      wire::FieldViolations violations;
      for (const auto& [field, description] : problems.invalid_values)
        violations.Add(field, description);
      return violations.ToStatus();
    }
  }
  std::optional<protojson::JsonParseError> error = protojson::ParseApiJson(json, &message);
  if (!error) return absl::OkStatus();
  switch (error->kind) {
    case protojson::JsonParseError::Kind::kUnknownField:
      return UnknownFields({error->field});
    case protojson::JsonParseError::Kind::kInvalidValue:
      return wire::FieldViolation(error->field, error->description);
    case protojson::JsonParseError::Kind::kOther:
      break;
  }
  return absl::InvalidArgumentError("invalid JSON body: " + error->description);
}

}  // namespace consent::gateway
