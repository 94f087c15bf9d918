// XML <-> the API JSON by descriptors: the vendor pages' samples read and written back in
// their element order, nil, lists and maps, and the documents refused (DOCTYPE, entities,
// depth, malformed).
#include <fstream>
#include <sstream>

#include <absl/strings/str_cat.h>
#include <google/protobuf/struct.pb.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/protoxml/xml_reader.h"
#include "lib/protoxml/xml_writer.h"
#include "proto/consent/v1/consent_types.pb.h"
#include "proto/consent/v1/list_items.pb.h"

namespace consent::protoxml {
namespace {

using nlohmann::ordered_json;

std::string Sample(const std::string& name) {
  std::ifstream in(absl::StrCat(VENDOR_XML_DIR, "/", name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The document without the whitespace between elements, and <X /> as <X/>.
std::string Compact(const std::string& xml) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < xml.size(); ++i) {
    const char c = xml[i];
    if (c == '<') in_tag = true;
    if (c == '>') in_tag = false;
    if (!in_tag && (c == '\n' || c == ' ') && (out.empty() || out.back() == '>')) {
      size_t j = i;
      while (j < xml.size() && (xml[j] == ' ' || xml[j] == '\n')) ++j;
      if (j < xml.size() && xml[j] == '<') {
        i = j - 1;
        continue;
      }
    }
    if (in_tag && c == ' ' && i + 1 < xml.size() && xml[i + 1] == '/') continue;
    out += c;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

ordered_json Read(const std::string& xml, const google::protobuf::Descriptor* type) {
  absl::StatusOr<std::string> json = XmlToJson(xml, type, {});
  EXPECT_TRUE(json.ok()) << json.status();
  return json.ok() ? ordered_json::parse(*json) : ordered_json();
}

TEST(XmlReader, TheCreateSampleReadsAsTheJsonOfTheRequest) {
  const ordered_json json =
      Read(Sample("create_consent_types_request.xml"), v1::CreateConsentTypesRequest::descriptor());
  ASSERT_EQ(json["ConsentTypes"].size(), 2u);
  const ordered_json& type = json["ConsentTypes"][0];
  EXPECT_EQ(type["IsActive"], true);
  EXPECT_EQ(type["TypeName"], "sample string 1");
  ASSERT_EQ(type["Versions"].size(), 2u);
  EXPECT_EQ(type["Versions"][0]["ExpirationInDays"], "2");  // the JSON parser reads it
  EXPECT_EQ(type["Versions"][0]["LocalizedFields"][1]["Locale"], "sample string 2");
}

TEST(XmlWriter, ResponsesAreWrittenInTheSamplesElementOrder) {
  for (const auto& [name, type] :
       {std::pair{"create_consent_types_response.xml", v1::ConsentTypeEntryList::descriptor()},
        std::pair{"patch_consent_type_response.xml", v1::ConsentTypeEntry::descriptor()}}) {
    const std::string sample = Sample(name);
    // JSON in declaration order (as the gateway's printer writes it) ...
    ordered_json json = Read(sample, type);
    ordered_json reordered = ordered_json::object();
    for (auto it = json.rbegin(); it != json.rend(); ++it) reordered[it.key()] = it.value();
    // ... comes out as the page shows it.
    EXPECT_EQ(MessageToXml(reordered, type), Compact(sample)) << name;
  }
}

TEST(XmlWriter, NullsListsMapsAndEscapesRoundTrip) {
  const ordered_json json = {
      {"ConsentPurposeId", 7},
      {"Name", "Tom & \"Jerry\" <3\r\n"},
      {"UpdatedBy", nullptr},
      {"Deleted", false},
      {"FieldProperties",
       {{"Name", {{"FieldRight", nullptr}, {"FieldType", "System.String"}, {"FieldLength", 80}}}}}};
  const auto* type = v1::ConsentPurpose::descriptor();
  const std::string xml = MessageToXml(json, type);
  EXPECT_NE(xml.find("<UpdatedBy i:nil=\"true\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<FieldProperties><Entry><Key>Name</Key><Value>"), std::string::npos) << xml;
  EXPECT_EQ(xml.rfind("<ConsentPurpose xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"", 0),
            0u)
      << xml;
  const ordered_json back = Read(xml, type);
  EXPECT_EQ(back["Name"], "Tom & \"Jerry\" <3\r\n");
  EXPECT_TRUE(back["UpdatedBy"].is_null());
  EXPECT_EQ(back["Deleted"], false);
  EXPECT_EQ(back["FieldProperties"]["Name"]["FieldLength"], "80");
  EXPECT_TRUE(back["FieldProperties"]["Name"]["FieldRight"].is_null());
}

TEST(XmlReader, AnyOrderPrefixAndItemNameIsAccepted) {
  const ordered_json json = Read(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><x:Whatever xmlns:x=\"urn:x\">"
      "<x:Versions><x:Anything><x:IsActive>1</x:IsActive></x:Anything></x:Versions>"
      "<x:TypeName><![CDATA[a <b>]]></x:TypeName></x:Whatever>",
      v1::ConsentTypeEntry::descriptor());
  EXPECT_EQ(json["TypeName"], "a <b>");
  EXPECT_EQ(json["Versions"][0]["IsActive"], true);
}

TEST(XmlReader, UnknownElementsArePassedOnForTheJsonParserToName) {
  const ordered_json json = Read("<ConsentTypeEntry><Colour>red</Colour></ConsentTypeEntry>",
                                 v1::ConsentTypeEntry::descriptor());
  EXPECT_EQ(json["Colour"], "red");
}

TEST(XmlReader, DangerousOrBrokenDocumentsAreRefused) {
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
      "<ConsentTypeEntry><TypeName>&lol2;</TypeName></ConsentTypeEntry>";
  const std::string external =
      "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<ConsentTypeEntry><TypeName>&xxe;</TypeName></ConsentTypeEntry>";
  std::string deep = "<ConsentTypeEntry>";  // well-formed, but 60 levels deep
  for (int i = 0; i < 30; ++i) deep += "<Versions><ConsentVersion>";
  for (int i = 0; i < 30; ++i) deep += "</ConsentVersion></Versions>";
  deep += "</ConsentTypeEntry>";
  for (const std::string& bad : {bomb, external, deep, std::string("<ConsentTypeEntry>"),
                                 std::string("not xml"), std::string(""), std::string("<A/><B/>"),
                                 std::string("<ConsentTypeEntry><TypeName>a</TypeName>"
                                             "<TypeName>b</TypeName></ConsentTypeEntry>"),
                                 std::string("<?php evil ?><ConsentTypeEntry/>")}) {
    absl::StatusOr<std::string> json = XmlToJson(bad, v1::ConsentTypeEntry::descriptor(), {});
    ASSERT_FALSE(json.ok()) << bad << " -> " << *json;
    EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(json.status().message().rfind("malformed XML: ", 0), 0u) << json.status();
  }
}

TEST(XmlReader, AJsonOnlyTypeHasNoXmlForm) {
  absl::StatusOr<std::string> json =
      XmlToJson("<Value>1</Value>", google::protobuf::Value::descriptor(), {});
  EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace consent::protoxml
