#include "gateway/media_types.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>
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

struct Representation {
  const char* media_type;
  bool xml;
  std::array<std::string_view, 4> names;  // the ranges that name it exactly
};

// In the order ties are broken.
constexpr std::array<Representation, 4> kRepresentations = {{
    {"application/json",
     false,
     {"application/json", "application/problem+json", "application/json-patch+json",
      "application/merge-patch+json"}},
    {"text/json", false, {"text/json"}},
    {"application/xml", true, {"application/xml", "application/problem+xml"}},
    {"text/xml", true, {"text/xml"}},
}};

// How specifically `type` (a range's media type) matches `r`: 3 exactly, 2 by type/*, 1 by
// */*, 0 not at all.
int Specificity(const std::string& type, const Representation& r) {
  if (std::find(r.names.begin(), r.names.end(), type) != r.names.end()) return 3;
  const std::string_view name = r.media_type;
  if (type.size() > 2 && type.compare(type.size() - 2, 2, "/*") == 0 &&
      name.substr(0, name.find('/')) == std::string_view(type).substr(0, type.size() - 2)) {
    return 2;
  }
  return type == "*/*" ? 1 : 0;
}

}  // namespace

double Quality(const std::string& item) {
  const std::string q = Parameter(item, "q");
  double value = 1;
  if (q.empty() || !absl::SimpleAtod(q, &value)) return 1;
  return std::clamp(value, 0.0, 1.0);
}

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(type));
}

std::optional<BodyFormat> RequestBodyFormat(const std::string& content_type) {
  static constexpr std::array<std::string_view, 4> kJson = {"application/json", "text/json",
                                                            "application/json-patch+json",
                                                            "application/merge-patch+json"};
  static constexpr std::array<std::string_view, 2> kXml = {"application/xml", "text/xml"};
  const std::string charset = Parameter(content_type, "charset");
  if (!charset.empty() && charset != "utf-8" && charset != "utf8") return std::nullopt;
  const std::string type = MediaType(content_type);
  if (OneOf(type, kJson)) return BodyFormat::kJson;
  if (OneOf(type, kXml)) return BodyFormat::kXml;
  if (type == "application/x-www-form-urlencoded") return BodyFormat::kForm;
  return std::nullopt;
}

Negotiated Negotiate(const std::string& accept, bool streaming) {
  if (absl::StripAsciiWhitespace(accept).empty()) return {true, "application/json", false};
  const std::vector<std::string> ranges = absl::StrSplit(accept, ',');
  std::array<double, kRepresentations.size()> quality{};
  std::array<int, kRepresentations.size()> specificity{};
  bool ndjson = false;
  for (const std::string& range : ranges) {
    const std::string type = MediaType(range);
    const double q = Quality(range);
    ndjson = ndjson || (type == "application/x-ndjson" && q > 0);
    for (size_t i = 0; i < kRepresentations.size(); ++i) {
      const int s = Specificity(type, kRepresentations[i]);
      if (s > specificity[i]) {
        specificity[i] = s;
        quality[i] = q;
      }
    }
  }
  if (streaming && ndjson) return {true, "application/x-ndjson", false};
  size_t best = 0;
  for (size_t i = 1; i < kRepresentations.size(); ++i) {
    if (quality[i] > quality[best]) best = i;
  }
  if (quality[best] <= 0) return {false, "application/json", false};
  return {true, kRepresentations[best].media_type, kRepresentations[best].xml};
}

}  // namespace consent::gateway
