// Setting request fields from path and query text (gateway/field_path.h): percent-decoding
// makes any bytes of them, and only UTF-8 text may reach a field.
#include "gateway/field_path.h"

#include <string>

#include <gtest/gtest.h>

#include "proto/consent/v1/list_items.pb.h"
#include "proto/consent/v1/persons.pb.h"

namespace consent::gateway {
namespace {

absl::Status Set(google::protobuf::Message& message, const std::string& path,
                 const std::string& text) {
  absl::StatusOr<FieldPath> field = ResolveFieldPath(message.GetDescriptor(), path);
  EXPECT_TRUE(field.ok()) << field.status();
  return SetFieldFromText(message, *field, text);
}

TEST(FieldPath, StringFieldsTakeUtf8Text) {
  v1::ListPersonsRequest request;
  EXPECT_TRUE(Set(request, "page_token", "caf\xc3\xa9 \xf0\x9f\x98\x80").ok());
  EXPECT_EQ(request.page_token(), "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

// Found by tests/fuzz/http_request_fuzzer: "?pageToken=%FF" set invalid UTF-8 into a string
// field, which the server cannot parse (an internal error for a client's mistake).
TEST(FieldPath, InvalidUtf8IsRefusedAndSetsNothing) {
  for (const std::string text :
       {"\xff", "ab\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80"}) {
    v1::ListPersonsRequest request;
    absl::Status status = Set(request, "pageToken", text);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(status.message(), "invalid value for pageToken: not UTF-8 text");
    EXPECT_TRUE(request.page_token().empty());
  }
}

// Found by tests/fuzz/http_request_fuzzer: "?item.UpdatedDate=%FF" threw from
// nlohmann::json::dump (invalid UTF-8) out of the gateway's I/O thread: std::terminate.
TEST(FieldPath, InvalidUtf8ForAMessageFieldIsRefusedNotThrown) {
  v1::UpdateConsentPurposeRequest request;
  absl::Status status = Set(request, "item.UpdatedDate", "\xff");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(request.item().has_updated_date());
  EXPECT_TRUE(Set(request, "item.UpdatedDate", "2024-05-01T10:00:00Z").ok());
  EXPECT_EQ(request.item().updated_date().seconds(), 1714557600);
}

}  // namespace
}  // namespace consent::gateway
