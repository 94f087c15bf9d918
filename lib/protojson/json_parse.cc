#include "lib/protojson/json_parse.h"

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>
#include <google/protobuf/util/json_util.h>

#include "lib/protojson/json_field_path.h"

namespace consent::protojson {
namespace {

constexpr absl::string_view kUnknownField = ": Cannot find field.";
constexpr absl::string_view kInvalidValue = "): invalid value ";
constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";

}  // namespace

JsonParseError ClassifyParseError(const google::protobuf::Descriptor& type,
                                  absl::string_view parser_message) {
  absl::string_view message = absl::StripAsciiWhitespace(parser_message);
  if (size_t at = message.find(kUnknownField); at != absl::string_view::npos) {
    absl::string_view name = message.substr(0, at);
    std::string location;
    if (absl::ConsumePrefix(&name, "(")) {
      size_t close = name.find(") ");
      if (close != absl::string_view::npos) {
        location = ToJsonFieldPath(&type, std::string(name.substr(0, close))) + ".";
        name.remove_prefix(close + 2);
      }
    }
    return {JsonParseError::Kind::kUnknownField, absl::StrCat(location, name),
            "is not a property of this resource"};
  }
  if (size_t at = message.find(kInvalidValue);
      absl::StartsWith(message, "(") && at != absl::string_view::npos) {
    std::string description =
        absl::StrCat("invalid value ", message.substr(at + kInvalidValue.size()));
    if (size_t prefix = description.find(std::string(kTypeUrlPrefix));
        prefix != std::string::npos) {
      description.erase(prefix, kTypeUrlPrefix.size());
    }
    return {JsonParseError::Kind::kInvalidValue,
            ToJsonFieldPath(&type, std::string(message.substr(1, at - 1))),
            std::string(absl::StripTrailingAsciiWhitespace(description))};
  }
  return {JsonParseError::Kind::kOther, "", std::string(message)};
}

std::optional<JsonParseError> ParseApiJson(absl::string_view json,
                                           google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (status.ok()) return std::nullopt;
  return ClassifyParseError(*message->GetDescriptor(),
                            absl::string_view(status.message().data(), status.message().size()));
}

}  // namespace consent::protojson
