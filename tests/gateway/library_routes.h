#pragma once
// The fixture of the gateway's unit tests over the library schema (not the consent API):
// its routes, and the one a method and path take.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "gateway/route_table.h"
#include "lib/protojson/api_schema.h"
#include "tests/support/library_schema.h"

namespace consent::gateway {

class LibraryRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = *protojson::ApiSchema::FromDescriptorSet(testing::LibraryDescriptorSet());
    routes_ = *RouteTable::Build(*schema_);
  }

  RouteMatch Find(const std::string& method, const std::string& path) {
    RouteTable::Lookup lookup = routes_.Find(method, path);
    EXPECT_TRUE(lookup.match.has_value()) << method << " " << path;
    return lookup.match.value_or(RouteMatch{});
  }

  std::unique_ptr<protojson::ApiSchema> schema_;
  RouteTable routes_;
};

}  // namespace consent::gateway
