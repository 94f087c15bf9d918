#pragma once
// The fixture of the REST end-to-end tests: an HTTP client of the shared gateway (in front
// of the shared server and PostgreSQL) calling as a tenant of its own, with its token.
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {

class RestTest : public ::testing::Test {
 protected:
  std::string tenant_ = testing::UniqueTenant();
  testing::HttpClient http_{testing::SharedGateway().address()};

  testing::HttpResponse Call(const std::string& method, const std::string& target,
                             const std::string& body = "",
                             std::map<std::string, std::string> headers = {}) {
    headers.emplace("Customer-Id", tenant_);
    headers.emplace("Authorization", testing::BearerFor(tenant_));
    if (!body.empty()) headers.emplace("Content-Type", "application/json; charset=utf-8");
    headers.emplace("Accept", "application/json; charset=utf-8");
    return http_.Request(method, target, headers, body);
  }

  int CreatePerson(const std::string& name = "Ada") {
    auto r = Call("POST", "/v1/persons", nlohmann::json{{"FirstName", name}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return nlohmann::json::parse(r.body)["PersonId"].get<int>();
  }

  static void ExpectProblem(const testing::HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    nlohmann::json body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["status"], status);
    for (const char* key : {"type", "title", "detail", "instance"})
      EXPECT_TRUE(body.contains(key)) << key << " missing in " << r.body;
  }
};

}  // namespace consent
