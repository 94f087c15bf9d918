// Runs the public json-patch-tests suite (tests.json, spec_tests.json) against ApplyJsonPatch.
// The suite is installed by fetch-json-patch-tests (CTest fixture); its absence is a failure.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "lib/jsonpatch/json_patch.h"

namespace consent::jsonpatch {
namespace {

std::filesystem::path SuiteDir() {
  const char* env = std::getenv("JSON_PATCH_TESTS_DIR");
  return env != nullptr ? env : JSON_PATCH_TESTS_DIR;
}

void RunSuiteFile(const std::string& name) {
  std::ifstream in(SuiteDir() / name);
  ASSERT_TRUE(in) << "missing " << (SuiteDir() / name)
                  << "; run tests/gateway/fetch-json-patch-tests";
  const nlohmann::json cases = nlohmann::json::parse(in);
  ASSERT_FALSE(cases.empty());
  int run = 0;
  for (const nlohmann::json& test : cases) {
    if (test.value("disabled", false)) continue;
    ++run;
    const std::string label = test.value("comment", test["patch"].dump());
    PatchResult result = ApplyJsonPatch(test["doc"], test["patch"]);
    if (test.contains("error")) {
      EXPECT_FALSE(result.ok()) << label << ": expected error " << test["error"];
    } else {
      ASSERT_TRUE(result.ok()) << label << ": " << result.error->message;
      if (test.contains("expected")) {
        EXPECT_EQ(result.document, test["expected"]) << label;
      }
    }
  }
  EXPECT_GT(run, 0);
}

TEST(JsonPatchConformance, TestsJson) { RunSuiteFile("tests.json"); }
TEST(JsonPatchConformance, SpecTestsJson) { RunSuiteFile("spec_tests.json"); }

}  // namespace
}  // namespace consent::jsonpatch
