#include "gateway/path_template.h"

#include <gtest/gtest.h>

namespace consent::gateway {
namespace {

std::vector<std::pair<std::string, std::string>> Bound(const std::string& tmpl,
                                                       const std::string& path) {
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(tmpl);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  std::vector<std::pair<std::string, std::string>> out;
  if (!parsed.ok()) return out;
  std::optional<std::vector<PathBinding>> bindings = parsed->Match(path);
  if (!bindings) return {{"<no match>", ""}};
  for (const PathBinding& b : *bindings) out.emplace_back(b.field_path, b.value);
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;
const Pairs kNoMatch = {{"<no match>", ""}};

TEST(PathTemplate, LiteralsMatchExactly) {
  EXPECT_EQ(Bound("/v1/persons", "/v1/persons"), Pairs{});
  EXPECT_EQ(Bound("/v1/persons", "/v1/persons/1"), kNoMatch);
  EXPECT_EQ(Bound("/v1/persons", "/v1/Persons"), kNoMatch);
}

// RFC 3986 6.2.2.2: an escaped unreserved character is the character; a reserved one
// ("%2F", a '/' inside a segment) or a bad escape is not.
TEST(PathTemplate, LiteralsMatchEscapedUnreservedCharacters) {
  EXPECT_EQ(
      Bound("/api/v1/List/ConsentPurpose/Items/{id}", "/api/v1/List/Consent%50urpose/Items/1"),
      (Pairs{{"id", "1"}}));
  EXPECT_EQ(Bound("/v1/a-b.c_d~e", "/v1/a%2db%2Ec%5Fd%7Ee"), Pairs{});
  EXPECT_EQ(Bound("/v1/a/b", "/v1/a%2Fb"), kNoMatch);
  EXPECT_EQ(Bound("/v1/persons", "/v1/person%73x"), kNoMatch);
  EXPECT_EQ(Bound("/v1/persons", "/v1/person%7"), kNoMatch);
  EXPECT_EQ(Bound("/v1/persons", "/v1/person%zz"), kNoMatch);
}

TEST(PathTemplate, SingleSegmentVariable) {
  EXPECT_EQ(Bound("/v1/persons/{person_id}", "/v1/persons/42"), (Pairs{{"person_id", "42"}}));
  EXPECT_EQ(Bound("/v1/persons/{person_id}", "/v1/persons/"), kNoMatch);
  EXPECT_EQ(Bound("/v1/persons/{person_id}", "/v1/persons/4/2"), kNoMatch);
  EXPECT_EQ(Bound("/{client_id}/ConsentType/{type_id}", "/acme/ConsentType/7"),
            (Pairs{{"client_id", "acme"}, {"type_id", "7"}}));
}

TEST(PathTemplate, VariablesArePercentDecoded) {
  EXPECT_EQ(Bound("/v1/{name}", "/v1/a%20b%2Fc"), (Pairs{{"name", "a b/c"}}));
  EXPECT_EQ(Bound("/v1/{name}", "/v1/bad%zz"), kNoMatch);
}

TEST(PathTemplate, NestedFieldPathAndMultiSegmentPatterns) {
  EXPECT_EQ(Bound("/v1/{book.name=shelves/*/books/*}", "/v1/shelves/s1/books/b2"),
            (Pairs{{"book.name", "shelves/s1/books/b2"}}));
  EXPECT_EQ(Bound("/v1/{book.name=shelves/*/books/*}", "/v1/shelves/s1/novels/b2"), kNoMatch);
  EXPECT_EQ(Bound("/files/{path=**}", "/files/a/b%2Fc/d"), (Pairs{{"path", "a/b%2Fc/d"}}));
  EXPECT_EQ(Bound("/files/{path=**}", "/files"), (Pairs{{"path", ""}}));
  EXPECT_EQ(Bound("/v1/*/items/{id}", "/v1/x/items/3"), (Pairs{{"id", "3"}}));
}

TEST(PathTemplate, CustomVerb) {
  EXPECT_EQ(Bound("/v1/{name}:publish", "/v1/n1:publish"), (Pairs{{"name", "n1"}}));
  EXPECT_EQ(Bound("/v1/{name}:publish", "/v1/n1"), kNoMatch);
  EXPECT_EQ(Bound("/v1/{name}:publish", "/v1/n1:cancel"), kNoMatch);
}

TEST(PathTemplate, RejectsInvalidTemplates) {
  for (const char* bad : {"", "v1/x", "/v1/{id", "/v1/{}", "/v1/**/x", "/v1//x", "/v1/{a=b=c}"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

TEST(PathTemplate, LiteralCountRanksSpecificity) {
  EXPECT_EQ(PathTemplate::Parse("/v1/persons/{id}/consent")->literal_count(), 3);
  EXPECT_EQ(PathTemplate::Parse("/{a}/{b}")->literal_count(), 0);
  EXPECT_EQ(PathTemplate::Parse("/v1/persons/{id}:export")->literal_count(), 3);  // the verb
}

}  // namespace
}  // namespace consent::gateway
