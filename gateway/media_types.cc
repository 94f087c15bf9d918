#include "gateway/media_types.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <absl/strings/ascii.h>
#include <absl/strings/str_split.h>

namespace consent::gateway {
namespace {

template <size_t N>
bool OneOf(const std::string& value, const std::array<std::string_view, N>& options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

// The value of parameter `name` ("q", "charset") in a header value such as
// "text/json; charset=UTF-8", lower case without quotes or spaces; empty when absent.
std::string Parameter(const std::string& header_value, std::string_view name) {
  const std::vector<std::string> parameters = absl::StrSplit(header_value, ';');
  for (size_t i = 1; i < parameters.size(); ++i) {
    std::string p = absl::AsciiStrToLower(parameters[i]);
    p.erase(std::remove_if(p.begin(), p.end(), [](char c) { return c == ' ' || c == '"'; }),
            p.end());
    if (p.size() > name.size() && p.compare(0, name.size(), name) == 0 && p[name.size()] == '=')
      return p.substr(name.size() + 1);
  }
  return "";
}

// q=0 in a media range's parameters means "not acceptable".
bool HasZeroQuality(const std::string& range) {
  const std::string q = Parameter(range, "q");
  return !q.empty() && q.find_first_not_of("0.") == std::string::npos;
}

}  // namespace

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(type));
}

bool IsAcceptedRequestContentType(const std::string& content_type) {
  static constexpr std::array<std::string_view, 4> kAccepted = {"application/json", "text/json",
                                                                "application/json-patch+json",
                                                                "application/merge-patch+json"};
  if (!OneOf(MediaType(content_type), kAccepted)) return false;
  const std::string charset = Parameter(content_type, "charset");
  return charset.empty() || charset == "utf-8" || charset == "utf8";
}

JsonNegotiation NegotiateJson(const std::string& accept) {
  // The patch types too: the vendor pages list them among the response formats.
  static constexpr std::array<std::string_view, 5> kOtherProducible = {
      "text/json", "text/*", "application/problem+json", "application/json-patch+json",
      "application/merge-patch+json"};
  static constexpr std::array<std::string_view, 3> kApplicationJson = {"application/json",
                                                                       "application/*", "*/*"};
  if (absl::StripAsciiWhitespace(accept).empty()) return {true, "application/json"};
  JsonNegotiation result{false, "application/json"};
  bool text_json = false;
  const std::vector<std::string> ranges = absl::StrSplit(accept, ',');
  for (const std::string& range : ranges) {
    if (HasZeroQuality(range)) continue;
    const std::string type = MediaType(range);
    if (OneOf(type, kApplicationJson)) return {true, "application/json"};
    result.acceptable = result.acceptable || OneOf(type, kOtherProducible);
    text_json = text_json || type == "text/json" || type == "text/*";
  }
  if (text_json) result.media_type = "text/json";
  return result;
}

bool AcceptsNdjson(const std::string& accept) {
  const std::vector<std::string> ranges = absl::StrSplit(accept, ',');
  return std::any_of(ranges.begin(), ranges.end(), [](const std::string& range) {
    return !HasZeroQuality(range) && MediaType(range) == "application/x-ndjson";
  });
}

}  // namespace consent::gateway
