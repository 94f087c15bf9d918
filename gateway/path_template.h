#pragma once
// google.api.http path templates:
//   Template = "/" Segments [ Verb ] ;  Segment = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;  Verb = ":" LITERAL ;
// "**" may only be the last segment. {var} means {var=*}.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

namespace consent::gateway {

// A path variable's value, already percent-decoded, for the field path it binds.
struct PathBinding {
  std::string field_path;  // "a.b.c" as written in the template
  std::string value;
};

class PathTemplate {
 public:
  static absl::StatusOr<PathTemplate> Parse(const std::string& text);

  // The bindings if `path` (no query string) matches, else nullopt.
  std::optional<std::vector<PathBinding>> Match(const std::string& path) const;
  // The same for a path already split by SplitPath (a route lookup splits once).
  std::optional<std::vector<PathBinding>> Match(const std::vector<absl::string_view>& parts) const;

  const std::string& text() const { return text_; }
  // Literal segments, the verb counting as one: a route with more of them is more specific
  // ("/v1/persons/{id}:export" wins over "/v1/persons/{id}" for "/v1/persons/3:export").
  int literal_count() const;
  // Field paths of all variables, in template order.
  std::vector<std::string> variable_paths() const;

 private:
  std::optional<std::vector<PathBinding>> MatchSegments(
      const std::vector<absl::string_view>& parts) const;

  struct Segment {
    enum Kind { kLiteral, kAny, kRest } kind;
    std::string literal;
  };
  struct Variable {
    std::string field_path;
    size_t begin;  // segment range [begin, end)
    size_t end;
  };

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

// The segments of `path` after its leading '/' ("/a/b" -> {"a", "b"}), or nullopt if
// there is no leading '/'. The views point into `path`.
std::optional<std::vector<absl::string_view>> SplitPath(absl::string_view path);

// Decodes %XX escapes; with keep_slash, %2F stays encoded (multi-segment variables).
std::optional<std::string> PercentDecode(const std::string& text, bool keep_slash = false);

// The name=value pairs of a query string or form body (application/x-www-form-urlencoded:
// '+' is a space), decoded; nullopt when an escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> DecodeFormPairs(
    const std::string& text);

}  // namespace consent::gateway
