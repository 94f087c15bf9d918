#include "gateway/problem.h"

#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>
#include <grpcpp/support/status.h>
#include <gtest/gtest.h>

#include "lib/wire/status_details.h"

namespace consent::gateway {
namespace {

// A backend's answer as the gateway receives it.
Problem ProblemFromGrpc(const grpc::Status& status) {
  return ProblemFromStatus(wire::FromGrpcStatus(status));
}

TEST(Problem, StatusMapping) {
  const std::pair<grpc::StatusCode, unsigned> cases[] = {
      {grpc::StatusCode::INVALID_ARGUMENT, 400},
      {grpc::StatusCode::OUT_OF_RANGE, 400},
      {grpc::StatusCode::UNAUTHENTICATED, 401},
      {grpc::StatusCode::PERMISSION_DENIED, 403},
      {grpc::StatusCode::NOT_FOUND, 404},
      {grpc::StatusCode::ALREADY_EXISTS, 409},
      {grpc::StatusCode::ABORTED, 409},
      {grpc::StatusCode::FAILED_PRECONDITION, 412},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, 429},
      {grpc::StatusCode::UNIMPLEMENTED, 501},
      {grpc::StatusCode::UNAVAILABLE, 503},
      {grpc::StatusCode::DEADLINE_EXCEEDED, 504},
      {grpc::StatusCode::UNKNOWN, 500},
      {grpc::StatusCode::INTERNAL, 500},
      {grpc::StatusCode::DATA_LOSS, 500},
      {grpc::StatusCode::CANCELLED, 500},
  };
  for (const auto& [code, http_status] : cases) {
    EXPECT_EQ(static_cast<unsigned>(ProblemFromGrpc(grpc::Status(code, "m")).status), http_status)
        << code;
  }
}

TEST(Problem, InternalErrorsDoNotLeakDetail) {
  for (grpc::StatusCode code : {grpc::StatusCode::UNKNOWN, grpc::StatusCode::INTERNAL,
                                grpc::StatusCode::DATA_LOSS, grpc::StatusCode::UNAVAILABLE}) {
    Problem problem = ProblemFromGrpc(grpc::Status(code, "pq: connection to 10.0.0.7 lost"));
    EXPECT_EQ(problem.detail.find("10.0.0.7"), std::string::npos) << code;
  }
  EXPECT_EQ(ProblemFromGrpc(grpc::Status(grpc::StatusCode::NOT_FOUND, "person 5 not found")).detail,
            "person 5 not found");
}

TEST(Problem, UnavailableAsksToRetry) {
  Problem problem = ProblemFromGrpc(grpc::Status(grpc::StatusCode::UNAVAILABLE, "x"));
  ASSERT_EQ(problem.headers.size(), 1u);
  EXPECT_EQ(problem.headers[0].first, http::field::retry_after);
  EXPECT_EQ(problem.headers[0].second, "1");
}

TEST(Problem, BadRequestDetailsBecome422ErrorsMap) {
  google::rpc::BadRequest bad_request;
  auto* v1 = bad_request.add_field_violations();
  v1->set_field("ConsentTypes[0].TypeName");
  v1->set_description("must not be empty");
  auto* v2 = bad_request.add_field_violations();
  v2->set_field("ConsentTypes[0].TypeName");
  v2->set_description("must be at most 100 characters");
  google::rpc::Status details;
  details.set_code(3);
  details.add_details()->PackFrom(bad_request);
  Problem problem = ProblemFromGrpc(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "invalid", details.SerializeAsString()));
  EXPECT_EQ(problem.status, http::status::unprocessable_entity);
  EXPECT_EQ(
      problem.errors,
      nlohmann::ordered_json::parse(
          R"({"ConsentTypes[0].TypeName":["must not be empty","must be at most 100 characters"]})"));
}

TEST(Problem, InvalidArgumentWithoutViolationsStays400) {
  google::rpc::Status details;
  details.set_code(3);
  Problem problem = ProblemFromGrpc(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad", details.SerializeAsString()));
  EXPECT_EQ(problem.status, http::status::bad_request);
  EXPECT_TRUE(problem.errors.is_null());
}

TEST(Problem, RenderedAsRfc9457) {
  Problem problem;
  problem.status = http::status::method_not_allowed;
  problem.detail = "nope";
  problem.headers.emplace_back(http::field::allow, "GET");
  HttpResponse response = RenderProblem(problem, "/v1/persons/1");
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  EXPECT_EQ(response[http::field::allow], "GET");
  EXPECT_EQ(
      nlohmann::json::parse(response.body()),
      nlohmann::json::parse(R"({"type":"about:blank","title":"Method Not Allowed","status":405,
                                      "detail":"nope","instance":"/v1/persons/1"})"));
}

}  // namespace
}  // namespace consent::gateway
