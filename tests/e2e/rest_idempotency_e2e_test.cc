// The Idempotency-Key header through the real gateway and server: a retried write answers
// as the first one did and records nothing more.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/rest_test.h"
#include "tests/support/concurrently.h"

namespace consent {
namespace {

using json = nlohmann::json;
using testing::HttpResponse;

class RestIdempotencyTest : public RestTest {
 protected:
  std::string ConsentPath(int person) {
    return "/v1/persons/" + std::to_string(person) + "/consent";
  }

  HttpResponse Put(int person, const std::string& body, const std::string& key,
                   const std::string& tenant = "") {
    std::map<std::string, std::string> headers = {{"Idempotency-Key", key}};
    if (!tenant.empty()) {  // Call() adds the fixture's tenant only where these name none
      headers.emplace("Customer-Id", tenant);
      headers.emplace("Authorization", testing::BearerFor(tenant));
    }
    return Call("PUT", ConsentPath(person), body, headers);
  }

  size_t HistorySize(int person) {
    return json::parse(Call("GET", ConsentPath(person) + "/history").body)["entries"].size();
  }
};

constexpr char kGranted[] = R"({"status":"granted","medium":"click"})";

TEST_F(RestIdempotencyTest, ARetriedPutWithItsKeyAnswersTheSameAndRecordsOnce) {
  int id = CreatePerson();
  HttpResponse first = Put(id, kGranted, "put-1");
  ASSERT_EQ(first.status, 204) << first.body;
  // Bare or as a structured-field string, it is one key; whitespace does not change the body.
  for (const char* key : {"put-1", "\"put-1\""}) {
    HttpResponse retry = Put(id, R"({ "medium": "click", "status": "granted" })", key);
    EXPECT_EQ(retry.status, 204) << retry.body;
    EXPECT_TRUE(retry.body.empty());
    EXPECT_EQ(retry.header("etag"), first.header("etag"));
  }
  EXPECT_EQ(HistorySize(id), 1u);
  // Without the header the same PUT is recorded again, as ever.
  ASSERT_EQ(Call("PUT", ConsentPath(id), kGranted).status, 204);
  EXPECT_EQ(HistorySize(id), 2u);
}

TEST_F(RestIdempotencyTest, TheSameKeyWithAnotherBodyIs422NamingTheHeader) {
  int id = CreatePerson();
  ASSERT_EQ(Put(id, kGranted, "put-1").status, 204);
  HttpResponse other = Put(id, R"({"status":"refused"})", "put-1");
  ExpectProblem(other, 422);
  json errors = json::parse(other.body)["errors"];
  EXPECT_TRUE(errors.contains("Idempotency-Key")) << other.body;
  EXPECT_FALSE(errors.contains("requestId")) << other.body;
  EXPECT_EQ(json::parse(Call("GET", ConsentPath(id)).body)["status"], "granted");
  EXPECT_EQ(HistorySize(id), 1u);
}

TEST_F(RestIdempotencyTest, AMalformedKeyIs400NamingTheHeaderAndRecordsNothing) {
  int id = CreatePerson();
  for (const std::string& bad : {std::string(129, 'k'), std::string("\"open"), std::string("")}) {
    HttpResponse refused = Put(id, kGranted, bad);
    ExpectProblem(refused, 400);
    EXPECT_TRUE(json::parse(refused.body)["errors"].contains("Idempotency-Key")) << refused.body;
  }
  // The header and the query parameter must agree.
  HttpResponse differ =
      Call("PUT", ConsentPath(id) + "?requestId=a", kGranted, {{"Idempotency-Key", "b"}});
  ExpectProblem(differ, 400);
  EXPECT_EQ(Call("GET", ConsentPath(id)).status, 404);  // nothing was recorded
}

TEST_F(RestIdempotencyTest, KeysArePerTenant) {
  const std::string other = testing::UniqueTenant();
  int mine = CreatePerson();
  auto theirs_created =
      Call("POST", "/v1/persons", R"({"FirstName":"Bo"})",
           {{"Customer-Id", other}, {"Authorization", testing::BearerFor(other)}});
  ASSERT_EQ(theirs_created.status, 201) << theirs_created.body;
  int theirs = json::parse(theirs_created.body)["PersonId"].get<int>();
  ASSERT_EQ(Put(mine, kGranted, "same").status, 204);
  EXPECT_EQ(Put(theirs, R"({"status":"refused"})", "same", other).status, 204);
}

TEST_F(RestIdempotencyTest, ConcurrentPutsWithOneKeyRecordOnce) {
  int id = CreatePerson();
  auto statuses = testing::RunConcurrently(8, [&](int) {
    testing::HttpClient own(testing::SharedGateway().address());
    return own
        .Request("PUT", ConsentPath(id),
                 {{"Customer-Id", tenant_},
                  {"Authorization", testing::BearerFor(tenant_)},
                  {"Content-Type", "application/json"},
                  {"Idempotency-Key", "together"}},
                 kGranted)
        .status;
  });
  for (int status : statuses) EXPECT_EQ(status, 204);
  EXPECT_EQ(HistorySize(id), 1u);
}

TEST_F(RestIdempotencyTest, SaveConsentPersonAndCreatePersonTakeTheHeaderToo) {
  int person = CreatePerson();
  const std::string body =
      json{{"ConsentPersonId", 0}, {"PersonId", person}, {"Comment", "c"}}.dump();
  auto save = [&] {
    return Call("POST", "/api/v1/Agents/Person/SaveConsentPerson", body,
                {{"Idempotency-Key", "save-1"}});
  };
  HttpResponse first = save(), retry = save();
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(json::parse(retry.body), json::parse(first.body));
  EXPECT_EQ(retry.header("etag"), first.header("etag"));
  EXPECT_EQ(HistorySize(person), 1u);

  auto create = [&] {
    return Call("POST", "/v1/persons", R"({"FirstName":"Cy"})", {{"Idempotency-Key", "c-1"}});
  };
  HttpResponse created = create(), again = create();
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.header("location"), created.header("location"));
  EXPECT_EQ(json::parse(again.body), json::parse(created.body));
}

}  // namespace
}  // namespace consent
