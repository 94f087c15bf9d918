#include "common/json_parse_violation.h"

#include <string>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

#include "common/errors.h"
#include "json_field_path.h"

namespace consent {

absl::Status JsonParseViolation(const google::protobuf::Descriptor& type,
                                absl::string_view parser_message) {
  absl::string_view rest = absl::StripAsciiWhitespace(parser_message);
  std::string location;
  if (absl::ConsumePrefix(&rest, "(")) {
    size_t close = rest.find(')');
    location = ToJsonFieldPath(&type, std::string(rest.substr(0, close)));
    rest = close == absl::string_view::npos ? "" : rest.substr(close + 1);
  }
  rest = absl::StripLeadingAsciiWhitespace(rest);
  size_t colon = rest.find(": ");
  absl::string_view name = colon == absl::string_view::npos ? "" : rest.substr(0, colon);
  absl::string_view reason = absl::StripPrefix(rest.substr(name.size()), ": ");
  if (absl::StartsWith(reason, "Cannot find field")) reason = "is not a property of this resource";
  std::string field = location.empty() || name.empty() ? absl::StrCat(location, name)
                                                       : absl::StrCat(location, ".", name);
  return FieldViolation(std::move(field), std::string(reason));
}

}  // namespace consent
