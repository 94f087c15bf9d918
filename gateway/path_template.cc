#include "gateway/path_template.h"

#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

namespace consent::gateway {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  }
  return s.front() != '.' && s.back() != '.' && s.find("..") == std::string::npos;
}

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// True if `part` is `literal`, an escaped unreserved character ("%50" for 'P') counting as
// the character itself (RFC 3986 6.2.2.2); other escapes stay distinct. Allocates nothing.
bool LiteralMatches(absl::string_view part, absl::string_view literal) {
  size_t i = 0, j = 0;
  for (; i < part.size() && j < literal.size(); ++i, ++j) {
    char c = part[i];
    if (c == '%' && i + 2 < part.size()) {
      int hi = HexDigit(part[i + 1]), lo = HexDigit(part[i + 2]);
      char decoded = static_cast<char>(hi * 16 + lo);
      if (hi >= 0 && lo >= 0 && IsUnreserved(decoded)) {
        c = decoded;
        i += 2;
      }
    }
    if (c != literal[j]) return false;
  }
  return i == part.size() && j == literal.size();
}

}  // namespace

std::optional<std::string> PercentDecode(const std::string& text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = HexDigit(text[i + 1]), lo = HexDigit(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    char c = static_cast<char>(hi * 16 + lo);
    if (keep_slash && c == '/') {
      out.append(text, i, 3);
    } else {
      out += c;
    }
    i += 2;
  }
  return out;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(const std::string& text) {
  auto invalid = [&](const std::string& why) {
    return absl::InvalidArgumentError("path template \"" + text + "\": " + why);
  };
  if (text.empty() || text.front() != '/') return invalid("must start with '/'");
  PathTemplate result;
  result.text_ = text;
  std::string body = text.substr(1);
  // The verb is a ':' after the last '/' that is outside a variable.
  if (size_t colon = body.rfind(':'); colon != std::string::npos &&
                                      body.find('/', colon) == std::string::npos &&
                                      body.find('}', colon) == std::string::npos) {
    result.verb_ = body.substr(colon + 1);
    body.resize(colon);
    if (result.verb_.empty()) return invalid("empty verb");
  }
  std::optional<Variable> open;  // a variable whose segments are being read
  const std::vector<std::string> parts = absl::StrSplit(body, '/');
  for (std::string part : parts) {
    if (!open && !part.empty() && part.front() == '{') {
      part.erase(0, 1);
      size_t eq = part.find('=');
      open = Variable{part.substr(0, eq == std::string::npos ? part.find('}') : eq),
                      result.segments_.size(), 0};
      if (!IsIdentifier(open->field_path)) return invalid("bad variable name");
      if (eq != std::string::npos) {
        part = part.substr(eq + 1);
      } else {
        part = part.back() == '}' ? "*}" : "*";  // "{id" stays open and fails below
      }
    }
    bool closes = open && !part.empty() && part.back() == '}';
    if (closes) part.pop_back();
    if (part.empty()) return invalid("empty segment");
    if (part.find_first_of("{}=") != std::string::npos) return invalid("unexpected {, } or =");
    if (!result.segments_.empty() && result.segments_.back().kind == Segment::kRest) {
      return invalid("'**' must be the last segment");
    }
    result.segments_.push_back(part == "**"  ? Segment{Segment::kRest, ""}
                               : part == "*" ? Segment{Segment::kAny, ""}
                                             : Segment{Segment::kLiteral, part});
    if (closes) {
      open->end = result.segments_.size();
      result.variables_.push_back(*open);
      open.reset();
    }
  }
  if (open) return invalid("unclosed variable");
  return result;
}

std::optional<std::vector<absl::string_view>> SplitPath(absl::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  return absl::StrSplit(path.substr(1), '/');
}

std::optional<std::vector<PathBinding>> PathTemplate::Match(const std::string& path) const {
  std::optional<std::vector<absl::string_view>> parts = SplitPath(path);
  if (!parts) return std::nullopt;
  return Match(*parts);
}

std::optional<std::vector<PathBinding>> PathTemplate::Match(
    const std::vector<absl::string_view>& parts) const {
  if (verb_.empty()) return MatchSegments(parts);
  // The verb ends the last segment: "/v1/things/{id}:cancel".
  std::vector<absl::string_view> without_verb = parts;
  if (!(absl::ConsumeSuffix(&without_verb.back(), verb_) &&
        absl::ConsumeSuffix(&without_verb.back(), ":"))) {
    return std::nullopt;
  }
  return MatchSegments(without_verb);
}

std::optional<std::vector<PathBinding>> PathTemplate::MatchSegments(
    const std::vector<absl::string_view>& parts) const {
  const bool rest = !segments_.empty() && segments_.back().kind == Segment::kRest;
  if (rest ? parts.size() + 1 < segments_.size() : parts.size() != segments_.size()) {
    return std::nullopt;
  }
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& segment = segments_[i];
    if (segment.kind == Segment::kLiteral && !LiteralMatches(parts[i], segment.literal)) {
      return std::nullopt;
    }
    if (segment.kind == Segment::kAny && parts[i].empty()) return std::nullopt;
  }
  std::vector<PathBinding> bindings;
  for (const Variable& variable : variables_) {
    const bool multi =
        variable.end - variable.begin > 1 || segments_[variable.begin].kind == Segment::kRest;
    const size_t end = variable.end == segments_.size() ? parts.size() : variable.end;
    std::string raw;
    for (size_t i = variable.begin; i < end; ++i) {
      if (i != variable.begin) raw += '/';
      raw.append(parts[i].data(), parts[i].size());
    }
    std::optional<std::string> value = PercentDecode(raw, multi);
    if (!value) return std::nullopt;
    bindings.push_back({variable.field_path, *std::move(value)});
  }
  return bindings;
}

int PathTemplate::literal_count() const {
  int count = verb_.empty() ? 0 : 1;
  for (const Segment& segment : segments_) count += segment.kind == Segment::kLiteral;
  return count;
}

std::vector<std::string> PathTemplate::variable_paths() const {
  std::vector<std::string> paths;
  for (const Variable& variable : variables_) paths.push_back(variable.field_path);
  return paths;
}

std::optional<std::vector<std::pair<std::string, std::string>>> DecodeFormPairs(
    const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::vector<std::string> pairs = absl::StrSplit(text, '&', absl::SkipEmpty());
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    std::optional<std::string> name =
        PercentDecode(absl::StrReplaceAll(pair.substr(0, eq), {{"+", " "}}));
    std::optional<std::string> value = PercentDecode(
        eq == std::string::npos ? "" : absl::StrReplaceAll(pair.substr(eq + 1), {{"+", " "}}));
    if (!name || !value) return std::nullopt;
    out.emplace_back(*std::move(name), *std::move(value));
  }
  return out;
}

}  // namespace consent::gateway
