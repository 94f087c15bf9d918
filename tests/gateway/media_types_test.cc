#include "gateway/media_types.h"

#include <gtest/gtest.h>

namespace consent::gateway {
namespace {

TEST(MediaTypes, MediaTypeDropsParametersAndCase) {
  EXPECT_EQ(MediaType("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(MediaType(" application/json-patch+json "), "application/json-patch+json");
  EXPECT_EQ(MediaType(""), "");
}

TEST(MediaTypes, AcceptedRequestBodies) {
  for (const char* json : {"application/json", "text/json", "application/json-patch+json",
                           "application/merge-patch+json", "Application/JSON; charset=UTF-8",
                           "text/json;charset=\"utf-8\"", "application/json; charset = utf8"}) {
    EXPECT_EQ(RequestBodyFormat(json), BodyFormat::kJson) << json;
  }
  for (const char* xml : {"application/xml", "text/xml; charset=utf-8"}) {
    EXPECT_EQ(RequestBodyFormat(xml), BodyFormat::kXml) << xml;
  }
  EXPECT_EQ(RequestBodyFormat("application/x-www-form-urlencoded"), BodyFormat::kForm);
  for (const char* bad : {"", "text/plain", "multipart/form-data", "application/soap+xml",
                          "application/json; charset=iso-8859-1", "text/xml; charset=utf-16"}) {
    EXPECT_FALSE(RequestBodyFormat(bad).has_value()) << bad;
  }
}

TEST(MediaTypes, AcceptNegotiation) {
  for (const char* json :
       {"", "*/*", "application/json; charset=utf-8", "application/problem+json", "application/*",
        "text/html, */*;q=0.1", "application/json-patch+json", "application/merge-patch+json",
        "application/xml;q=0.5, application/json", "text/json, application/json",
        "text/json, */*"}) {
    const Negotiated n = Negotiate(json, false);
    EXPECT_TRUE(n.acceptable) << json;
    EXPECT_STREQ(n.media_type, "application/json") << json;
    EXPECT_FALSE(n.xml) << json;
  }
  for (const char* bad : {"text/html", "application/json;q=0", "*/*; q=0.0", "image/png"}) {
    EXPECT_FALSE(Negotiate(bad, false).acceptable) << bad;
  }
}

TEST(MediaTypes, QualitiesChooseAmongJsonAndXml) {
  struct Case {
    const char* accept;
    const char* chosen;
  };
  for (const Case& c :
       {Case{"application/xml", "application/xml"}, Case{"text/xml", "text/xml"},
        Case{"application/problem+xml", "application/xml"},
        Case{"application/xml;q=1, application/json;q=0.5", "application/xml"},
        Case{"application/json;q=0.4, text/xml;q=0.6", "text/xml"},
        Case{"application/*;q=0.2, application/xml;q=0.9", "application/xml"},
        Case{"*/*;q=0.8, application/json;q=0.1", "text/json"}, Case{"text/*", "text/json"},
        Case{"text/json", "text/json"}, Case{"text/*, text/json;q=0", "text/xml"},
        Case{"text/html, text/json;q=0.5", "text/json"}}) {
    const Negotiated n = Negotiate(c.accept, false);
    EXPECT_TRUE(n.acceptable) << c.accept;
    EXPECT_STREQ(n.media_type, c.chosen) << c.accept;
    EXPECT_EQ(n.xml, std::string(c.chosen).find("xml") != std::string::npos) << c.accept;
  }
}

TEST(MediaTypes, StreamedAnswersAreNdjsonWhenAskedFor) {
  EXPECT_STREQ(Negotiate("application/x-ndjson", true).media_type, "application/x-ndjson");
  EXPECT_FALSE(Negotiate("application/x-ndjson", false).acceptable);
  EXPECT_STREQ(Negotiate("application/x-ndjson;q=0, application/json", true).media_type,
               "application/json");
}

}  // namespace
}  // namespace consent::gateway
