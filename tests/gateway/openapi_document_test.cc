// The OpenAPI document generated from the consent API's descriptors: every route of the
// route table and the gateway's own, one operation id each, scopes, statuses, media types
// and schemas by JSON name.
#include "gateway/openapi_document.h"

#include <set>

#include <absl/strings/ascii.h>
#include <gtest/gtest.h>

#include "proto/embedded_descriptor_set.h"

namespace consent::gateway {
namespace {

using nlohmann::ordered_json;

class OpenApiDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto schema = protojson::ApiSchema::FromDescriptorSet(std::string(EmbeddedDescriptorSet()));
    ASSERT_TRUE(schema.ok()) << schema.status();
    schema_ = *std::move(schema);
    auto routes = RouteTable::Build(*schema_);
    ASSERT_TRUE(routes.ok()) << routes.status();
    routes_ = std::make_unique<RouteTable>(*std::move(routes));
    doc_ = OpenApiDocument(*routes_, "v1");
  }

  const ordered_json& Operation(const std::string& path, const std::string& method) {
    return doc_["paths"][path][method];
  }

  std::unique_ptr<protojson::ApiSchema> schema_;
  std::unique_ptr<RouteTable> routes_;
  ordered_json doc_;
};

TEST_F(OpenApiDocumentTest, ListsEveryRouteTheGatewayServesAndNothingElse) {
  EXPECT_EQ(doc_["openapi"], "3.1.0");
  std::set<std::pair<std::string, std::string>> expected, listed;
  for (const Route& route : routes_->routes()) {
    expected.emplace(OpenApiPath(route.path), absl::AsciiStrToLower(route.http_method));
  }
  for (const char* path : kGatewayRoutes) expected.emplace(path, "get");
  std::set<std::string> ids;
  for (const auto& [path, operations] : doc_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      listed.emplace(path, method);
      EXPECT_TRUE(ids.insert(operation["operationId"].get<std::string>()).second)
          << operation["operationId"];
    }
  }
  EXPECT_EQ(listed, expected);
  EXPECT_GT(routes_->routes().size(), 40u);
}

TEST_F(OpenApiDocumentTest, OperationsStateTheirScopesStatusesAndMediaTypes) {
  const ordered_json& create = Operation("/v1/persons", "post");
  EXPECT_EQ(create["security"][0]["bearer"][0], "contacts:persons:write");
  EXPECT_TRUE(create["responses"].contains("201"));
  EXPECT_TRUE(create["responses"]["201"]["headers"].contains("Location"));
  EXPECT_TRUE(create["requestBody"]["content"].contains("application/xml"));
  EXPECT_TRUE(create["requestBody"]["content"].contains("application/x-www-form-urlencoded"));
  EXPECT_EQ(create["responses"]["422"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem");

  const ordered_json& set = Operation("/v1/persons/{person_id}/consent", "put");
  EXPECT_TRUE(set["responses"].contains("204"));
  EXPECT_EQ(set["parameters"][0]["name"], "person_id");
  EXPECT_EQ(set["parameters"][0]["in"], "path");

  const ordered_json& patch = Operation("/{client_id}/ConsentType/{type_id}", "patch");
  EXPECT_TRUE(patch["requestBody"]["content"].contains("application/json-patch+json"));
  EXPECT_FALSE(patch["requestBody"]["content"].contains("application/xml"));

  const ordered_json& keys = Operation("/v1/ledger/keys", "get");
  EXPECT_EQ(keys["security"], ordered_json::array());
  EXPECT_FALSE(keys["responses"].contains("401"));

  const ordered_json& list = Operation("/v1/persons", "get");
  std::set<std::string> query;
  for (const auto& p : list["parameters"]) {
    if (p["in"] == "query") query.insert(p["name"].get<std::string>());
  }
  EXPECT_TRUE(query.count("pageSize")) << list["parameters"];

  const ordered_json& export_ = Operation("/v1/persons/{person_id}:export", "get");
  EXPECT_TRUE(export_["responses"]["200"]["content"].contains("application/x-ndjson"));
  EXPECT_TRUE(doc_["components"]["securitySchemes"].contains("bearer"));
  EXPECT_TRUE(doc_["components"]["securitySchemes"].contains("basic"));
}

TEST_F(OpenApiDocumentTest, SchemasUseJsonNamesEnumsAndTheJsonMappingsTypes) {
  const ordered_json& schemas = doc_["components"]["schemas"];
  const ordered_json& type = schemas["consent.v1.ConsentTypeEntry"];
  EXPECT_EQ(type["properties"]["TypeId"]["type"], "integer");
  EXPECT_EQ(type["properties"]["Versions"]["items"]["$ref"],
            "#/components/schemas/consent.v1.ConsentVersion");
  const ordered_json& consent = schemas["consent.v1.PersonDataConsent"];
  const ordered_json status = consent["properties"]["status"]["enum"];
  EXPECT_NE(std::find(status.begin(), status.end(), "granted"), status.end()) << consent;
  EXPECT_TRUE(schemas["consent.v1.ConsentEvent"]["properties"]["sequence"]["type"] == "string")
      << schemas["consent.v1.ConsentEvent"];  // int64 as the JSON mapping writes it
  EXPECT_EQ(schemas["consent.v1.ConsentPurpose"]["properties"]["UpdatedDate"]["anyOf"][0]["format"],
            "date-time");
  EXPECT_TRUE(schemas.contains("Problem"));
  // Every $ref resolves.
  std::function<void(const ordered_json&)> walk = [&](const ordered_json& node) {
    if (node.is_object()) {
      if (auto ref = node.find("$ref"); ref != node.end()) {
        const std::string name =
            ref->get<std::string>().substr(sizeof("#/components/schemas/") - 1);
        EXPECT_TRUE(schemas.contains(name)) << name;
      }
      for (const auto& [key, value] : node.items()) walk(value);
    } else if (node.is_array()) {
      for (const auto& value : node) walk(value);
    }
  };
  walk(doc_);
}

}  // namespace
}  // namespace consent::gateway
