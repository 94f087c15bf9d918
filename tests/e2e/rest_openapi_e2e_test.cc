// The served OpenAPI document against the real gateway and server: a request generated from
// it for each operation (path variables naming nothing, an empty body) gets a status the
// operation documents, and without a credential 401 wherever it states a scope.
#include <cctype>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/rest_test.h"

namespace consent {
namespace {

using json = nlohmann::json;

class RestOpenApiTest : public RestTest {
 protected:
  void SetUp() override {
    auto r = http_.Get("/openapi.json");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
    doc_ = json::parse(r.body);
  }

  // The path with every variable filled: the tenant, or a value that names nothing.
  std::string Target(const std::string& path) const {
    std::string target;
    for (size_t i = 0; i < path.size(); ++i) {
      if (path[i] != '{') {
        target += path[i];
        continue;
      }
      const size_t end = path.find('}', i);
      const std::string name = path.substr(i + 1, end - i - 1);
      if (name == "client_id") {
        target += tenant_;
      } else if (name == "event_id") {
        target += "00000000-0000-4000-8000-000000000000";
      } else if (name == "token") {
        target += "no-such-token";
      } else {
        target += "999999";
      }
      i = end;
    }
    return target;
  }

  json doc_;
};

TEST_F(RestOpenApiTest, EveryOperationAnswersAStatusItDocuments) {
  int checked = 0;
  for (const auto& [path, operations] : doc_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      std::string body;
      std::map<std::string, std::string> headers;
      if (operation.contains("requestBody")) {
        const bool patch =
            operation["requestBody"]["content"].contains("application/json-patch+json");
        body = patch ? "[]" : "{}";
        headers["Content-Type"] = patch ? "application/json-patch+json" : "application/json";
      }
      auto r = Call(upper, Target(path), body, headers);
      const std::string where =
          upper + " " + path + " -> " + std::to_string(r.status) + " " + r.body;
      EXPECT_LT(r.status, 500) << where;
      EXPECT_TRUE(operation["responses"].contains(std::to_string(r.status))) << where;
      if (!operation["security"].empty()) {
        auto anonymous = http_.Request(upper, Target(path), headers, body);
        EXPECT_EQ(anonymous.status, 401) << upper << " " << path << ": " << anonymous.body;
        EXPECT_TRUE(operation["responses"].contains("401")) << path;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}

}  // namespace
}  // namespace consent
