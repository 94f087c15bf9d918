#include "media_types.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace consent::gateway {
namespace {

template <size_t N>
bool OneOf(const std::string& value, const std::array<std::string_view, N>& options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

// q=0 in a media range's parameters means "not acceptable".
bool HasZeroQuality(const std::string& range) {
  const std::vector<std::string> parameters = absl::StrSplit(range, ';');
  for (const std::string& parameter : parameters) {
    std::string p = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parameter));
    p.erase(std::remove(p.begin(), p.end(), ' '), p.end());
    if (p.rfind("q=", 0) == 0) {
      return p.find_first_not_of("0.", 2) == std::string::npos;
    }
  }
  return false;
}

}  // namespace

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(type));
}

bool IsAcceptedRequestContentType(const std::string& content_type) {
  static constexpr std::array<std::string_view, 4> kAccepted = {
      "application/json", "text/json", "application/json-patch+json",
      "application/merge-patch+json"};
  if (!OneOf(MediaType(content_type), kAccepted)) return false;
  const std::vector<std::string> parameters = absl::StrSplit(content_type, ';');
  for (size_t i = 1; i < parameters.size(); ++i) {
    std::string p = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parameters[i]));
    p.erase(std::remove(p.begin(), p.end(), '"'), p.end());
    if (p.rfind("charset", 0) != 0) continue;
    p.erase(std::remove(p.begin(), p.end(), ' '), p.end());
    if (p != "charset=utf-8" && p != "charset=utf8") return false;
  }
  return true;
}

JsonNegotiation NegotiateJson(const std::string& accept) {
  // The patch types too: the seed pages list them among the response formats.
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

bool AcceptsJson(const std::string& accept) { return NegotiateJson(accept).acceptable; }

const char* JsonMediaTypeFor(const std::string& accept) {
  return NegotiateJson(accept).media_type;
}

}  // namespace consent::gateway
