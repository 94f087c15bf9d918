#include "json_body.h"

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "json_field_path.h"
#include "json_shape.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace consent::gateway {
namespace {

// Deep enough for any document of this API (a ConsentTypes batch nests 5 levels), shallow
// enough that protobuf's JSON transcoder, which slows quadratically with nesting, stays fast.
constexpr int kMaxNesting = 32;

constexpr char kUnknownField[] = ": Cannot find field.";
constexpr char kInvalidValue[] = "): invalid value ";
constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

// INVALID_ARGUMENT carrying a google.rpc.BadRequest with the violations (path, message).
grpc::Status FieldViolations(const std::vector<std::pair<std::string, std::string>>& violations) {
  google::rpc::BadRequest bad_request;
  std::vector<std::string> summary;
  for (const auto& [field, description] : violations) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(description);
    summary.push_back(field + ": " + description);
  }
  google::rpc::Status status;
  status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  status.set_message(absl::StrJoin(summary, "; "));
  status.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, status.message(),
                      status.SerializeAsString());
}

grpc::Status UnknownFields(const std::vector<std::string>& paths) {
  return InvalidArgument(absl::StrCat(paths.size() == 1 ? "unknown field " : "unknown fields ",
                                      absl::StrJoin(paths, ", ", [](std::string* out, const std::string& path) {
                                        out->append(nlohmann::json(path).dump());
                                      })));
}

// The parser reports "(proto.path[0].name): invalid value X for type T" and
// "(proto.path) Name: Cannot find field." / "Name: Cannot find field.".
grpc::Status Classify(const std::string& message, const google::protobuf::Descriptor* type) {
  if (size_t at = message.find(kUnknownField); at != std::string::npos) {
    std::string location, name = message.substr(0, at);
    if (!name.empty() && name.front() == '(') {
      size_t close = name.find(") ");
      if (close != std::string::npos) {
        location = ToJsonFieldPath(type, name.substr(1, close - 1)) + ".";
        name = name.substr(close + 2);
      }
    }
    return InvalidArgument("unknown field \"" + location + name + "\"");
  }
  if (size_t at = message.find(kInvalidValue); !message.empty() && message.front() == '(' &&
                                               at != std::string::npos) {
    std::string description = "invalid value " + message.substr(at + sizeof(kInvalidValue) - 1);
    if (size_t prefix = description.find(kTypeUrlPrefix); prefix != std::string::npos) {
      description.erase(prefix, sizeof(kTypeUrlPrefix) - 1);
    }
    while (!description.empty() && description.back() == ' ') description.pop_back();
    return FieldViolations({{ToJsonFieldPath(type, message.substr(1, at - 1)), description}});
  }
  return InvalidArgument("invalid JSON body: " + message);
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

grpc::Status ParseJsonInto(const std::string& json, google::protobuf::Message& message) {
  if (NestsDeeperThan(json, kMaxNesting)) {
    return InvalidArgument(absl::StrCat("the JSON document nests arrays and objects deeper than ",
                                        kMaxNesting, " levels"));
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& error) {  // also numbers out of range (1e400)
    std::string what = error.what();
    if (size_t end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
    return InvalidArgument("malformed JSON: " + what);
  }
  // Well-known types (a google.protobuf.Value body is any JSON) are protobuf's to check.
  if (message.GetDescriptor()->file()->package() != "google.protobuf") {
    if (!document.is_object()) return InvalidArgument("the request body must be a JSON object");
    // Every problem at once, in the API's words; protobuf's parser names only the first.
    JsonShapeProblems problems = CheckJsonShape(document, *message.GetDescriptor());
    if (!problems.unknown_fields.empty()) return UnknownFields(problems.unknown_fields);
    if (!problems.invalid_values.empty()) return FieldViolations(problems.invalid_values);
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &message, options);
  if (status.ok()) return grpc::Status::OK;
  return Classify(std::string(status.message()), message.GetDescriptor());
}

}  // namespace consent::gateway
