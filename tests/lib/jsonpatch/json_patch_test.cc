// Error classification of ApplyJsonPatch and the RFC 7396 Appendix A merge-patch examples.
#include "lib/jsonpatch/json_patch.h"

#include <absl/strings/match.h>
#include <gtest/gtest.h>

namespace consent::jsonpatch {
namespace {

using nlohmann::json;

absl::StatusCode CodeOf(const json& doc, const json& patch) {
  return ApplyJsonPatch(doc, patch).status().code();
}

TEST(JsonPatch, MalformedDocumentsAreInvalidArgument) {
  const json doc = {{"a", 1}};
  for (const json& patch :
       {json::object(), json::parse(R"([1])"), json::parse(R"([{"path":"/a"}])"),
        json::parse(R"([{"op":"frobnicate","path":"/a"}])"),
        json::parse(R"([{"op":"add","path":"a","value":1}])"),
        json::parse(R"([{"op":"add","path":"/a~2","value":1}])"),
        json::parse(R"([{"op":"replace","path":"/a"}])"),
        json::parse(R"([{"op":"copy","path":"/b"}])"),
        json::parse(R"([{"op":"move","from":"/a","path":"/a/b"}])")}) {
    absl::StatusOr<json> result = ApplyJsonPatch(doc, patch);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << patch;
    EXPECT_TRUE(absl::StartsWith(result.status().message(), "malformed patch:")) << patch;
  }
}

TEST(JsonPatch, MalformedLaterOperationRejectsWholePatchBeforeApplying) {
  EXPECT_EQ(
      CodeOf({{"a", 1}}, json::parse(R"([{"op":"remove","path":"/zz"},{"op":"nope","path":""}])")),
      absl::StatusCode::kInvalidArgument);
}

TEST(JsonPatch, NonexistentPathsAreOutOfRange) {
  const json doc = json::parse(R"({"a":{"b":[1,2]}})");
  for (const char* patch :
       {R"([{"op":"remove","path":"/x"}])", R"([{"op":"replace","path":"/a/c","value":1}])",
        R"([{"op":"add","path":"/x/y","value":1}])", R"([{"op":"add","path":"/a/b/3","value":1}])",
        R"([{"op":"add","path":"/a/b/01","value":1}])",
        R"([{"op":"move","from":"/a/q","path":"/z"}])",
        R"([{"op":"copy","from":"/a/b/7","path":"/z"}])"}) {
    absl::StatusOr<json> result = ApplyJsonPatch(doc, json::parse(patch));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kOutOfRange) << patch;
    EXPECT_TRUE(absl::StrContains(result.status().message(), "does not exist")) << patch;
  }
}

TEST(JsonPatch, FailedTestIsAborted) {
  EXPECT_EQ(CodeOf({{"a", 1}}, json::parse(R"([{"op":"test","path":"/a","value":2}])")),
            absl::StatusCode::kAborted);
  EXPECT_EQ(CodeOf({{"a", 1}}, json::parse(R"([{"op":"test","path":"/b","value":1}])")),
            absl::StatusCode::kAborted);
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
  absl::StatusOr<json> result = ApplyJsonPatch(doc, patch);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, json::parse(R"({"TypeName":"b","Versions":[{"v":1},{"v":1},{"v":2}]})"));

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
