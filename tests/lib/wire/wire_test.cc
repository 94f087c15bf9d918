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

TEST(StatusDetails, HostileNumbersOfViolationsStayWithinGrpcMetadataLimits) {
  FieldViolations many;
  for (int i = 0; i < 100000; ++i)
    many.Add("ConsentTypes[" + std::to_string(i) + "]", "must be an object");
  many.Add(std::string(500 * 1024, 'x'), std::string(1000, 'y'));
  const absl::Status status = many.ToStatus();
  const grpc::Status wire = ToGrpcStatus(status);
  EXPECT_LT(wire.error_details().size() + wire.error_message().size(), 8u * 1024);
  EXPECT_EQ(ViolationsOf(status).size(), FieldViolations::kMaxReported);
  EXPECT_NE(status.message().find("and 99998 more (100 of 100001 problems listed)"),
            std::string::npos)
      << status.message();
}

TEST(StatusDetails, TheNumberReportedIsTheProcessBoundWithinTheMetadataLimit) {
  FieldViolations::SetMaxReported(2);
  FieldViolations some;
  for (int i = 0; i < 5; ++i) some.Add("F" + std::to_string(i), "is wrong");
  EXPECT_EQ(ViolationsOf(some.ToStatus()).size(), 2u);
  EXPECT_NE(some.ToStatus().message().find("2 of 5 problems listed"), std::string::npos)
      << some.ToStatus().message();
  FieldViolations::SetMaxReported(0);  // clamped: one at least
  EXPECT_EQ(FieldViolations::MaxReported(), 1u);
  FieldViolations::SetMaxReported(100000);  // clamped: what fits gRPC's metadata limit
  EXPECT_EQ(FieldViolations::MaxReported(), FieldViolations::kMaxReported);
}

TEST(StatusDetails, LongFieldsAndDescriptionsAreCutWithoutSplittingUtf8) {
  FieldViolations one;
  std::string name;
  for (int i = 0; i < 300; ++i) name += "\xc3\xa9";  // é
  one.Add(name, "is unknown");
  std::vector<Violation> kept = ViolationsOf(one.ToStatus());
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_LE(kept[0].field.size(), FieldViolations::kMaxViolationText);
  EXPECT_EQ(kept[0].field.substr(kept[0].field.size() - 3), "...");
  EXPECT_EQ((kept[0].field.size() - 3) % 2, 0u);  // whole two-byte characters only
}

}  // namespace
}  // namespace consent::wire
