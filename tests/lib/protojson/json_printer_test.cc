// The reflection printer against protobuf's printer on random messages of every type of
// the consent API and of the library test schema: byte for byte as the gateway rendered
// responses before (protobuf JSON, nulls added, nlohmann dump), and the same JSON value
// as the server's snapshots (protobuf JSON).
#include "lib/protojson/json_printer.h"

#include <google/protobuf/struct.pb.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/api_json.h"
#include "lib/protojson/api_schema.h"
#include "proto/embedded_descriptor_set.h"
#include "tests/support/library_schema.h"
#include "tests/support/random_messages.h"

namespace consent {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using testing::Filler;
using testing::MessageTypes;
using testing::ProtobufJson;

void ExpectSameAsProtobuf(const std::string& descriptor_set, int* fast) {
  auto schema = *protojson::ApiSchema::FromDescriptorSet(descriptor_set);
  for (const Descriptor* type : MessageTypes(*schema)) {
    for (unsigned seed = 0; seed < 40; ++seed) {
      std::unique_ptr<Message> message = schema->NewMessage(type);
      Filler(seed).Fill(message.get(), 0);
      const std::string reference = ProtobufJson(*message);
      std::string out;
      if (protojson::PrintJsonFast(*message, true, &out)) {
        ++*fast;
        const auto rendered =
            protojson::WithNullMessages(type, nlohmann::ordered_json::parse(reference));
        EXPECT_EQ(out,
                  rendered.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
            << type->full_name() << " seed " << seed;
      }
      if (protojson::PrintJsonFast(*message, false, &out)) {
        EXPECT_EQ(nlohmann::json::parse(out), nlohmann::json::parse(reference))
            << type->full_name() << " seed " << seed << "\n"
            << out << "\n"
            << reference;
      }
    }
  }
}

TEST(JsonPrinterTest, ConsentApiMessagesPrintAsProtobufPrintsThem) {
  int fast = 0;
  ExpectSameAsProtobuf(std::string(EmbeddedDescriptorSet()), &fast);
  EXPECT_GT(fast, 100) << fast;  // most API messages take the fast path
}

TEST(JsonPrinterTest, LibrarySchemaMessagesPrintAsProtobufPrintsThem) {
  int fast = 0;
  ExpectSameAsProtobuf(gateway::testing::LibraryDescriptorSet(), &fast);
  EXPECT_GT(fast, 0);
}

TEST(JsonPrinterTest, WhatItDoesNotPrintIsLeftToProtobuf) {
  google::protobuf::Value value;  // a well-known type other than Timestamp and Empty
  value.set_string_value("x");
  std::string out;
  EXPECT_FALSE(protojson::PrintJsonFast(value, false, &out));
}

}  // namespace
}  // namespace consent
