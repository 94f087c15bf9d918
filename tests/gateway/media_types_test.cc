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
  for (const char* ok : {"application/json", "text/json", "application/json-patch+json",
                         "application/merge-patch+json", "Application/JSON; charset=UTF-8",
                         "text/json;charset=\"utf-8\"", "application/json; charset = utf8"}) {
    EXPECT_TRUE(IsAcceptedRequestContentType(ok)) << ok;
  }
  for (const char* bad : {"", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                          "application/json; charset=iso-8859-1", "text/json; charset=utf-16"}) {
    EXPECT_FALSE(IsAcceptedRequestContentType(bad)) << bad;
  }
}

TEST(MediaTypes, AcceptNegotiation) {
  for (const char* ok :
       {"", "*/*", "application/json; charset=utf-8", "text/json", "application/problem+json",
        "application/*", "text/html, */*;q=0.1", "application/xml;q=1, application/json;q=0.5",
        "application/json-patch+json", "application/merge-patch+json"}) {
    EXPECT_TRUE(NegotiateJson(ok).acceptable) << ok;
  }
  for (const char* bad :
       {"text/html", "application/xml, text/xml", "application/json;q=0", "*/*; q=0.0"}) {
    EXPECT_FALSE(NegotiateJson(bad).acceptable) << bad;
  }
}

TEST(MediaTypes, TextJsonIsAnsweredAsTextJsonOnlyWhenAskedForAlone) {
  EXPECT_STREQ(NegotiateJson("text/json").media_type, "text/json");
  EXPECT_STREQ(NegotiateJson("text/*").media_type, "text/json");
  EXPECT_TRUE(NegotiateJson("text/*").acceptable);
  EXPECT_STREQ(NegotiateJson("text/html, text/json;q=0.5").media_type, "text/json");
  for (const char* accept : {"", "*/*", "application/json", "text/json, application/json",
                             "text/json, */*", "application/json-patch+json", "text/json;q=0"}) {
    EXPECT_STREQ(NegotiateJson(accept).media_type, "application/json") << accept;
  }
}

}  // namespace
}  // namespace consent::gateway
