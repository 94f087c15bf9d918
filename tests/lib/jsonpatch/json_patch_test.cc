// Error classification of ApplyJsonPatch (kind and pointer), its bounds, and the RFC 7396
// Appendix A merge-patch examples.
#include "lib/jsonpatch/json_patch.h"

#include <absl/strings/match.h>
#include <gtest/gtest.h>

namespace consent::jsonpatch {
namespace {

using nlohmann::json;

using Kind = PatchError::Kind;

std::optional<Kind> KindOf(const json& doc, const json& patch, const Limits& limits = {}) {
  PatchResult result = ApplyJsonPatch(doc, patch, limits);
  if (result.ok()) return std::nullopt;
  return result.error->kind;
}

TEST(JsonPatch, MalformedDocumentsAreMalformed) {
  const json doc = {{"a", 1}};
  for (const json& patch :
       {json::object(), json::parse(R"([1])"), json::parse(R"([{"path":"/a"}])"),
        json::parse(R"([{"op":"frobnicate","path":"/a"}])"),
        json::parse(R"([{"op":"add","path":"a","value":1}])"),
        json::parse(R"([{"op":"add","path":"/a~2","value":1}])"),
        json::parse(R"([{"op":"replace","path":"/a"}])"),
        json::parse(R"([{"op":"copy","path":"/b"}])"),
        json::parse(R"([{"op":"move","from":"/a","path":"/a/b"}])")}) {
    PatchResult result = ApplyJsonPatch(doc, patch);
    ASSERT_FALSE(result.ok()) << patch;
    EXPECT_EQ(result.error->kind, Kind::kMalformed) << patch;
    EXPECT_TRUE(absl::StartsWith(result.error->message, "malformed patch:")) << patch;
  }
}

TEST(JsonPatch, MalformedLaterOperationRejectsWholePatchBeforeApplying) {
  EXPECT_EQ(
      KindOf({{"a", 1}}, json::parse(R"([{"op":"remove","path":"/zz"},{"op":"nope","path":""}])")),
      Kind::kMalformed);
}

TEST(JsonPatch, NonexistentPathsAreNotFoundAndNamed) {
  const json doc = json::parse(R"({"a":{"b":[1,2]}})");
  for (const char* patch :
       {R"([{"op":"remove","path":"/x"}])", R"([{"op":"replace","path":"/a/c","value":1}])",
        R"([{"op":"add","path":"/x/y","value":1}])", R"([{"op":"add","path":"/a/b/3","value":1}])",
        R"([{"op":"add","path":"/a/b/01","value":1}])",
        R"([{"op":"move","from":"/a/q","path":"/z"}])",
        R"([{"op":"copy","from":"/a/b/7","path":"/z"}])"}) {
    PatchResult result = ApplyJsonPatch(doc, json::parse(patch));
    ASSERT_FALSE(result.ok()) << patch;
    EXPECT_EQ(result.error->kind, Kind::kPathNotFound) << patch;
    EXPECT_TRUE(absl::StrContains(result.error->message, "does not exist")) << patch;
  }
  // The pointer named is the one that does not exist: `from` for a move or copy.
  EXPECT_EQ(ApplyJsonPatch(doc, json::parse(R"([{"op":"replace","path":"/a/c","value":1}])"))
                .error->pointer,
            "/a/c");
  EXPECT_EQ(ApplyJsonPatch(doc, json::parse(R"([{"op":"move","from":"/a/q","path":"/z"}])"))
                .error->pointer,
            "/a/q");
}

TEST(JsonPatch, FailedTestIsTestFailed) {
  EXPECT_EQ(KindOf({{"a", 1}}, json::parse(R"([{"op":"test","path":"/a","value":2}])")),
            Kind::kTestFailed);
  EXPECT_EQ(KindOf({{"a", 1}}, json::parse(R"([{"op":"test","path":"/b","value":1}])")),
            Kind::kTestFailed);
}

TEST(JsonPatch, CopiesThatDoubleTheDocumentStopAtTheValueBound) {
  json patch = json::array();
  for (int i = 0; i < 40; ++i) {
    patch.push_back({{"op", "copy"}, {"from", ""}, {"path", "/d" + std::to_string(i)}});
  }
  PatchResult result = ApplyJsonPatch({{"a", 1}}, patch, {.max_values = 10000});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->kind, Kind::kTooLarge);
  // Within the bound the same copies apply.
  patch.erase(patch.begin() + 5, patch.end());
  EXPECT_TRUE(ApplyJsonPatch({{"a", 1}}, patch, {.max_values = 10000}).ok());
}

TEST(JsonPatch, AddAndReplaceCountWhatTheyBringAndWhatTheyReplace) {
  const json big = json(std::vector<int>(50, 0));  // 51 values
  const json doc = {{"a", big}};                   // 53
  EXPECT_EQ(KindOf(doc, json::array({{{"op", "add"}, {"path", "/b"}, {"value", big}}}),
                   {.max_values = 100}),
            Kind::kTooLarge);
  // Replacing a member by one as large keeps the count.
  EXPECT_EQ(KindOf(doc, json::array({{{"op", "replace"}, {"path", "/a"}, {"value", big}}}),
                   {.max_values = 60}),
            std::nullopt);
  EXPECT_EQ(KindOf(doc, json::array({{{"op", "add"}, {"path", "/a"}, {"value", big}}}),
                   {.max_values = 60}),
            std::nullopt);
}

TEST(JsonPatch, MoreOperationsThanAllowedIsTooLarge) {
  json patch = json::array();
  for (int i = 0; i < 11; ++i) patch.push_back({{"op", "test"}, {"path", "/a"}, {"value", 1}});
  EXPECT_EQ(KindOf({{"a", 1}}, patch, {.max_operations = 10}), Kind::kTooLarge);
  patch.erase(patch.begin());
  EXPECT_EQ(KindOf({{"a", 1}}, patch, {.max_operations = 10}), std::nullopt);
}

// Found while bounding the fuzz targets' time: with the default bounds, 12 root copies
// (41 000 values) and 988 copies of a 20 000-value member over one another, a 40 KB body,
// stayed within max_values but took seconds of CPU under the row lock.
TEST(JsonPatch, RepeatedCopiesWithinTheSizeBoundStopAtTheWorkBound) {
  json patch = json::array();
  for (int i = 0; i < 12; ++i) {
    patch.push_back({{"op", "copy"}, {"from", ""}, {"path", "/d" + std::to_string(i)}});
  }
  while (patch.size() < 1000) patch.push_back({{"op", "copy"}, {"from", "/d11"}, {"path", "/y"}});
  const json doc = {{"x", json::array({1, 2, 3, 4, 5, 6, 7, 8})}};
  PatchResult result = ApplyJsonPatch(doc, patch);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->kind, Kind::kTooLarge);
  EXPECT_EQ(result.error->message,
            "the patch would add, replace or remove more than 1000000 JSON values in all");

  // What counts: values added and replaced (a copy over a copy: both), removed, moved (once).
  const json member = json(std::vector<int>(99, 0));  // 100 values
  json copies = json::array();
  for (int i = 0; i < 4; ++i) copies.push_back({{"op", "copy"}, {"from", "/m"}, {"path", "/c"}});
  EXPECT_EQ(KindOf({{"m", member}}, copies, {.max_touched_values = 700}), std::nullopt);  // 700
  EXPECT_EQ(KindOf({{"m", member}}, copies, {.max_touched_values = 699}), Kind::kTooLarge);
  const json moves = json::parse(R"([{"op":"move","from":"/m","path":"/n"},
                                     {"op":"remove","path":"/n"}])");
  EXPECT_EQ(KindOf({{"m", member}}, moves, {.max_touched_values = 200}), std::nullopt);
  EXPECT_EQ(KindOf({{"m", member}}, moves, {.max_touched_values = 199}), Kind::kTooLarge);
}

// Found while fuzzing: messages quoted the patch's text whole (a 10 KB path, op or `test`
// value), and they travel in gRPC trailers, which receivers cap at 8 KiB.
TEST(JsonPatch, MessagesQuoteAtMost100BytesOfThePatch) {
  const std::string long_text(10000, 'x');
  std::string accents;
  for (int i = 0; i < 80; ++i) accents += "\xc3\xa9";  // 160 bytes of "é"
  const json doc = {{"a", 1}};
  for (const json& patch :
       {json::array({{{"op", long_text}, {"path", "/a"}}}),
        json::array({{{"op", "remove"}, {"path", long_text}}}),
        json::array({{{"op", "remove"}, {"path", "/" + long_text}}}),
        json::array({{{"op", "test"}, {"path", "/a"}, {"value", long_text}}}),
        json::array(
            {{{"op", "move"}, {"from", "/" + long_text}, {"path", "/" + long_text + "/b"}}}),
        json::array({{{"op", "remove"}, {"path", "/" + accents}}})}) {
    PatchResult result = ApplyJsonPatch(doc, patch);
    ASSERT_FALSE(result.ok());
    EXPECT_LE(result.error->message.size(), 300u) << result.error->message;
    EXPECT_NO_THROW(json(result.error->message).dump()) << "valid UTF-8";
  }
  PatchResult result =
      ApplyJsonPatch(doc, json::array({{{"op", "remove"}, {"path", "/" + accents}}}));
  EXPECT_EQ(result.error->message, "path \"/" + accents.substr(0, 98) + "...\" does not exist");
}

TEST(JsonPatch, AllSixOperationsApplyInOrderAndAtomically) {
  const json doc = json::parse(R"({"TypeName":"a","Versions":[{"v":1}],"IsActive":true})");
  const json patch = json::parse(R"([
    {"op":"test","path":"/TypeName","value":"a"},
    {"op":"replace","path":"/TypeName","value":"b"},
    {"op":"add","path":"/Versions/-","value":{"v":2}},
    {"op":"copy","from":"/Versions/0","path":"/First"},
    {"op":"move","from":"/First","path":"/Versions/0"},
    {"op":"remove","path":"/IsActive"}])");
  PatchResult result = ApplyJsonPatch(doc, patch);
  ASSERT_TRUE(result.ok()) << result.error->message;
  EXPECT_EQ(result.document,
            json::parse(R"({"TypeName":"b","Versions":[{"v":1},{"v":1},{"v":2}]})"));

  const json failing = json::parse(
      R"([{"op":"remove","path":"/IsActive"},{"op":"test","path":"/TypeName","value":"zz"}])");
  EXPECT_FALSE(ApplyJsonPatch(doc, failing).ok());
  EXPECT_EQ(doc["IsActive"], true);
}

// RFC 7396 Appendix A.
TEST(MergePatch, Rfc7396AppendixA) {
  struct Case {
    const char* target;
    const char* patch;
    const char* result;
  };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", R"(null)", R"(null)"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ApplyMergePatch(json::parse(c.target), json::parse(c.patch)), json::parse(c.result))
        << c.target << " + " << c.patch;
  }
}

}  // namespace
}  // namespace consent::jsonpatch
