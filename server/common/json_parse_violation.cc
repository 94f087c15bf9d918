#include "common/json_parse_violation.h"

#include <string>
#include <vector>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "common/errors.h"

namespace consent {
namespace {

// "versions[0].expiration_in_days" (proto names) -> "Versions[0].ExpirationInDays".
std::string JsonPropertyPath(const google::protobuf::Descriptor& type, absl::string_view path) {
  std::vector<std::string> out;
  const google::protobuf::Descriptor* current = &type;
  for (absl::string_view segment : absl::StrSplit(path, '.')) {
    absl::string_view name = segment.substr(0, segment.find('['));
    absl::string_view index = segment.substr(name.size());
    const google::protobuf::FieldDescriptor* field =
        current == nullptr ? nullptr : current->FindFieldByName(std::string(name));
    out.push_back(absl::StrCat(field == nullptr ? name : field->json_name(), index));
    current = field == nullptr ? nullptr : field->message_type();
  }
  return absl::StrJoin(out, ".");
}

}  // namespace

absl::Status JsonParseViolation(const google::protobuf::Descriptor& type,
                                absl::string_view parser_message) {
  absl::string_view rest = absl::StripAsciiWhitespace(parser_message);
  std::string location;
  if (absl::ConsumePrefix(&rest, "(")) {
    size_t close = rest.find(')');
    location = JsonPropertyPath(type, rest.substr(0, close));
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
