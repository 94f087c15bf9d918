// The wire contract: request ids, and field violations that survive the trip from an
// absl::Status through gRPC and back.
#include <gtest/gtest.h>

#include "lib/wire/request_id.h"
#include "lib/wire/status_details.h"

namespace consent::wire {
namespace {

TEST(RequestId, NewIdsAreVersion4UuidsAndAcceptable) {
  const std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_TRUE(IsAcceptableRequestId(a));
}

TEST(RequestId, AcceptsOnlyBoundedPrintableAscii) {
  EXPECT_TRUE(IsAcceptableRequestId("req-1"));
  EXPECT_TRUE(IsAcceptableRequestId(std::string(kMaxRequestIdLength, 'x')));
  EXPECT_FALSE(IsAcceptableRequestId(""));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(kMaxRequestIdLength + 1, 'x')));
  EXPECT_FALSE(IsAcceptableRequestId("tab\there"));
  EXPECT_FALSE(IsAcceptableRequestId("caf\xc3\xa9"));
}

TEST(StatusDetails, FieldViolationsSurviveTheGrpcRoundTrip) {
  FieldViolations violations;
  violations.Add("Versions[0].Name", "is required");
  violations.Add("TypeName", "must be at most 100 characters");
  const absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);

  const grpc::Status on_the_wire = ToGrpcStatus(status);
  EXPECT_EQ(on_the_wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(on_the_wire),
            (std::vector<std::string>{"Versions[0].Name", "TypeName"}));
  const std::vector<Violation> back = ViolationsOf(FromGrpcStatus(on_the_wire));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].description, "must be at most 100 characters");
}

TEST(StatusDetails, PlainStatusesCarryNoDetails) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  const grpc::Status plain = ToGrpcStatus(absl::NotFoundError("person 5 not found"));
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(plain.error_details().empty());
  EXPECT_TRUE(ViolationsOf(FromGrpcStatus(plain)).empty());
  EXPECT_TRUE(FieldViolations().ToStatus().ok());
}

}  // namespace
}  // namespace consent::wire
