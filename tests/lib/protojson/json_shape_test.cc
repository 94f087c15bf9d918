// protojson::CheckJsonShape: every problem of a request body at once, in the API's words, and never
// a complaint about JSON that protobuf's parser reads (checked on protobuf's own output for random
// messages of every API and library type).
#include "lib/protojson/json_shape.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/api_schema.h"
#include "proto/embedded_descriptor_set.h"
#include "tests/support/library_schema.h"
#include "tests/support/random_messages.h"

namespace consent::gateway {
namespace {

using nlohmann::json;
using Violations = std::vector<std::pair<std::string, std::string>>;

const google::protobuf::Descriptor& Message(const protojson::ApiSchema& schema,
                                            const std::string& name) {
  return *schema.files().front()->pool()->FindMessageTypeByName(name);
}

class JsonShapeTest : public ::testing::Test {
 protected:
  std::unique_ptr<protojson::ApiSchema> library_ =
      *protojson::ApiSchema::FromDescriptorSet(testing::LibraryDescriptorSet());
  const google::protobuf::Descriptor& book_ = Message(*library_, "test.library.v1.Book");

  protojson::JsonShapeProblems Check(const char* document) {
    return protojson::CheckJsonShape(json::parse(document), book_);
  }
};

void ExpectNoProblemsInProtobufOutput(const std::string& descriptor_set) {
  auto schema = *protojson::ApiSchema::FromDescriptorSet(descriptor_set);
  for (const auto* type : consent::testing::MessageTypes(*schema)) {
    for (unsigned seed = 0; seed < 40; ++seed) {
      std::unique_ptr<google::protobuf::Message> message = schema->NewMessage(type);
      consent::testing::Filler(seed, /*numbered_enums=*/false).Fill(message.get(), 0);
      const std::string printed = consent::testing::ProtobufJson(*message);
      protojson::JsonShapeProblems problems =
          protojson::CheckJsonShape(json::parse(printed), *type);
      EXPECT_TRUE(problems.empty()) << type->full_name() << " seed " << seed << ": " << printed;
    }
  }
}

TEST(JsonShapeAgreement, ProtobufOutputForEveryApiTypeHasNoProblems) {
  ExpectNoProblemsInProtobufOutput(std::string(EmbeddedDescriptorSet()));
}

TEST(JsonShapeAgreement, ProtobufOutputForEveryLibraryTypeHasNoProblems) {
  ExpectNoProblemsInProtobufOutput(testing::LibraryDescriptorSet());
}

TEST_F(JsonShapeTest, EveryUnknownFieldIsNamedWithItsPath) {
  protojson::JsonShapeProblems problems =
      Check(R"({"name":"n","bogus":1,"author":{"displayName":"a","nope":2},)"
            R"("contributors":[{},{"x":3}]})");
  EXPECT_EQ(problems.unknown_fields,
            (std::vector<std::string>{"author.nope", "bogus", "contributors[1].x"}));
}

TEST_F(JsonShapeTest, EveryInvalidValueIsReportedInTheApisWords) {
  protojson::JsonShapeProblems problems =
      Check(R"({"name":5,"PageCount":"many","kind":"EPIC","tags":"t","author":[],)"
            R"("contributors":[{"displayName":true}]})");
  EXPECT_TRUE(problems.unknown_fields.empty());
  EXPECT_EQ(problems.invalid_values,
            (Violations{{"PageCount", "must be a 32-bit integer"},
                        {"author", "must be a JSON object"},
                        {"contributors[0].displayName", "must be a string"},
                        {"kind", "must be one of: NOVEL"},
                        {"name", "must be a string"},
                        {"tags", "must be an array"}}));
}

TEST_F(JsonShapeTest, WhatProtobufAcceptsPasses) {
  // JSON and proto names, numbers as strings, nulls, integral floats.
  EXPECT_TRUE(Check(R"({"PageCount":"12","kind":"NOVEL","author":null,"tags":null,)"
                    R"("contributors":[{"display_name":"a"}]})")
                  .empty());
  EXPECT_TRUE(Check(R"({"pages":12.0,"kind":"NOVEL"})").empty());
}

TEST_F(JsonShapeTest, EnumsAreTakenByNameOnly) {
  // protobuf would read 1 as NOVEL; the vendor pages spell every enum value as a string.
  EXPECT_EQ(Check(R"({"kind":1})").invalid_values,
            (std::vector<std::pair<std::string, std::string>>{{"kind", "must be one of: NOVEL"}}));
}

TEST_F(JsonShapeTest, OutOfRangeAndFractionalIntegersAreInvalid) {
  EXPECT_EQ(Check(R"({"PageCount":2147483648})").invalid_values.size(), 1u);
  EXPECT_EQ(Check(R"({"PageCount":1.5})").invalid_values.size(), 1u);
  EXPECT_EQ(Check(R"({"PageCount":"1x"})").invalid_values.size(), 1u);
}

TEST(JsonShapeApi, TimestampsBooleansAndEnumsOfTheConsentApi) {
  auto schema = *protojson::ApiSchema::FromDescriptorSet(std::string(EmbeddedDescriptorSet()));
  const auto& purpose = Message(*schema, "consent.v1.ConsentPurpose");
  protojson::JsonShapeProblems problems = protojson::CheckJsonShape(
      json::parse(R"({"Deleted":"yes","UpdatedDate":"yesterday","Rank":"x"})"), purpose);
  EXPECT_EQ(
      problems.invalid_values,
      (Violations{{"Deleted", "must be true or false"},
                  {"Rank", "must be a 32-bit integer"},
                  {"UpdatedDate", "must be an RFC 3339 date-time, e.g. 2024-05-01T12:00:00Z"}}));
  EXPECT_TRUE(protojson::CheckJsonShape(
                  json::parse(R"({"UpdatedDate":"2016-06-30T09:04:21.4213375+02:00"})"), purpose)
                  .empty());

  const auto& consent = Message(*schema, "consent.v1.PersonDataConsent");
  problems = protojson::CheckJsonShape(json::parse(R"({"status":"yes","medium":"fax"})"), consent);
  EXPECT_EQ(problems.invalid_values,
            (Violations{{"medium", "must be one of: email, click, telephone"},
                        {"status", "must be one of: awaiting, refused, granted"}}));
}

}  // namespace
}  // namespace consent::gateway
