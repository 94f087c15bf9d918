#include "gateway/json_body.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/json_parse.h"
#include "lib/protojson/json_shape.h"
#include "lib/wire/status_details.h"

namespace consent::gateway {
namespace {

// Unknown properties named in the message (each cut to kMaxNamedBytes); the rest counted.
constexpr size_t kMaxNamed = 10;
constexpr size_t kMaxNamedBytes = 200;

absl::Status UnknownFields(const std::vector<std::string>& paths) {
  std::string message = paths.size() == 1 ? "unknown field " : "unknown fields ";
  for (size_t i = 0; i < paths.size() && i < kMaxNamed; ++i) {
    if (i > 0) message += ", ";
    const std::string& path = paths[i];
    message += path.size() <= kMaxNamedBytes
                   ? nlohmann::json(path).dump()
                   : nlohmann::json(path.substr(0, kMaxNamedBytes))
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                         "...";
  }
  if (paths.size() > kMaxNamed)
    absl::StrAppend(&message, " and ", paths.size() - kMaxNamed, " more");
  return absl::InvalidArgumentError(message);
}

// The first bound of `limits` that `json` exceeds, by a scan of its brackets and commas
// (those inside strings do not count; a malformed document is the parser's to report).
absl::Status CheckBounds(const std::string& json, const JsonLimits& limits) {
  struct Open {
    bool array;
    size_t elements;
  };
  std::vector<Open> open;  // at most max_depth deep
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
      if (open.size() >= static_cast<size_t>(limits.max_depth)) {
        return absl::InvalidArgumentError(
            absl::StrCat("the JSON document nests arrays and objects deeper than ",
                         limits.max_depth, " levels"));
      }
      open.push_back({c == '[', 1});
    } else if (c == ']' || c == '}') {
      if (!open.empty()) open.pop_back();
    } else if (c == ',' && !open.empty() && open.back().array &&
               ++open.back().elements > limits.max_array_elements) {
      return absl::InvalidArgumentError(
          absl::StrCat("a JSON array holds more than ", limits.max_array_elements, " elements"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseJsonInto(const std::string& json, google::protobuf::Message& message,
                           const JsonLimits& limits) {
  if (absl::Status bounded = CheckBounds(json, limits); !bounded.ok()) return bounded;
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
