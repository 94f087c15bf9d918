// The Idempotency-Key header against a non-consent schema: which routes take it, how its
// value is read and refused, how it binds into the request, how the server's refusals name it.
#include "gateway/idempotency_key.h"

#include <gtest/gtest.h>

#include "gateway/request_builder.h"
#include "lib/wire/status_details.h"
#include "tests/gateway/library_routes.h"

namespace consent::gateway {
namespace {

using nlohmann::ordered_json;

class IdempotencyKeyTest : public LibraryRoutesTest {
 protected:
  // What the route reads from the Idempotency-Key header values given (nullopt: none),
  // or the problem.
  std::optional<std::string> Read(const Route& route, const std::vector<std::string>& values,
                                  std::optional<Problem>* problem = nullptr) {
    HttpRequest request;
    for (const std::string& value : values) request.insert(kIdempotencyKeyHeader, value);
    std::optional<std::string> key;
    std::optional<Problem> refused = ReadIdempotencyKey(route, request, key);
    if (problem != nullptr) *problem = refused;
    EXPECT_TRUE(!refused || !key);
    return key;
  }

  // The built request's request_id, or the error.
  absl::StatusOr<std::string> BoundKey(const std::string& query,
                                       const std::optional<std::string>& key) {
    RouteMatch match = Find("PATCH", "/v1/shelves/s/books/b");
    std::string serialized;
    absl::Status status = RequestBuilder(*schema_, JsonLimits{})
                              .Build(match, query, "{}", BodyFormat::kJson, key, &serialized);
    if (!status.ok()) return status;
    auto request = schema_->NewMessage(match.route->method->input_type());
    EXPECT_TRUE(request->ParseFromString(serialized));
    return request->GetReflection()->GetString(*request, match.route->idempotency_key);
  }
};

TEST_F(IdempotencyKeyTest, RoutesWhoseRequestHasARequestIdTakeTheHeaderOthersIgnoreIt) {
  const Route& update = *Find("PATCH", "/v1/shelves/s/books/b").route;
  ASSERT_NE(update.idempotency_key, nullptr);
  EXPECT_EQ(update.idempotency_key->json_name(), "requestId");
  EXPECT_NE(Find("TAG", "/v1/shelves/s/books/b:tag").route->idempotency_key, nullptr);
  const Route& get = *Find("GET", "/v1/books/b").route;
  EXPECT_EQ(get.idempotency_key, nullptr);
  std::optional<Problem> problem;
  EXPECT_EQ(Read(get, {"k1"}, &problem), std::nullopt);
  EXPECT_FALSE(problem);
  EXPECT_EQ(Read(get, {std::string(500, 'x'), "twice"}, &problem), std::nullopt);
  EXPECT_FALSE(problem);
}

TEST_F(IdempotencyKeyTest, TheKeyIsBareOrAStructuredFieldString) {
  const Route& route = *Find("PATCH", "/v1/shelves/s/books/b").route;
  EXPECT_EQ(Read(route, {}), std::nullopt);
  EXPECT_EQ(Read(route, {"8e03978e-40d5-43e8-bc93-6894a57f9324"}),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(Read(route, {"\"8e03978e-40d5-43e8-bc93-6894a57f9324\""}),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(Read(route, {R"("a \"quoted\" \\ key")"}), R"(a "quoted" \ key)");
  EXPECT_EQ(Read(route, {std::string(128, 'k')}), std::string(128, 'k'));
}

TEST_F(IdempotencyKeyTest, AMalformedKeyIsA400NamingTheHeader) {
  const Route& route = *Find("PATCH", "/v1/shelves/s/books/b").route;
  for (const std::vector<std::string>& values :
       std::vector<std::vector<std::string>>{{""},
                                             {std::string(129, 'k')},
                                             {"caf\xc3\xa9"},
                                             {"\"unterminated"},
                                             {"\"bad \\escape\""},
                                             {"\"inner\"quote\""},
                                             {"\"\""},
                                             {"one", "two"}}) {
    std::optional<Problem> problem;
    EXPECT_EQ(Read(route, values, &problem), std::nullopt) << values[0];
    ASSERT_TRUE(problem) << values[0];
    EXPECT_EQ(problem->status, http::status::bad_request);
    ASSERT_TRUE(problem->errors.contains(kIdempotencyKeyHeader)) << problem->errors.dump();
    EXPECT_EQ(problem->errors.size(), 1u);
  }
}

TEST_F(IdempotencyKeyTest, TheKeyBindsIntoTheRequestAndMustAgreeWithTheQuery) {
  EXPECT_EQ(BoundKey("", "k1").value(), "k1");
  EXPECT_EQ(BoundKey("requestId=k2", std::nullopt).value(), "k2");
  EXPECT_EQ(BoundKey("requestId=k1", "k1").value(), "k1");
  absl::StatusOr<std::string> differ = BoundKey("requestId=k2", "k1");
  EXPECT_EQ(differ.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(wire::ViolationsOf(differ.status()).empty());  // 400, not 422
}

TEST_F(IdempotencyKeyTest, TheServersRefusalOfTheKeyFieldNamesTheHeader) {
  const Route& route = *Find("PATCH", "/v1/shelves/s/books/b").route;
  wire::FieldViolations violations;
  violations.Add("requestId", "was already used for a different request");
  violations.Add("name", "is wrong too");
  Problem problem = ProblemFromStatus(violations.ToStatus());
  NameTheHeader(route, problem);
  EXPECT_EQ(problem.status, http::status::unprocessable_entity);
  EXPECT_FALSE(problem.errors.contains("requestId"));
  EXPECT_EQ(problem.errors[kIdempotencyKeyHeader],
            ordered_json::array({"was already used for a different request"}));
  EXPECT_EQ(problem.errors["name"], ordered_json::array({"is wrong too"}));
}

}  // namespace
}  // namespace consent::gateway
