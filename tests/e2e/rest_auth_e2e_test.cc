// Identity and access as a REST client sees them: quotas answer 429 with the headers a
// client backs off by, /readyz says when authentication is off, and no credential ever
// reaches a log line.
#include <signal.h>

#include <absl/strings/numbers.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.h"
#include "tests/support/gateway_process.h"
#include "tests/support/http_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using json = nlohmann::json;
using testing::HttpClient;
using testing::HttpResponse;
using testing::UniqueTenant;

HttpResponse GetPersons(HttpClient& http, const std::string& tenant) {
  return http.Request("GET", "/v1/persons/1", {{"Authorization", testing::BearerFor(tenant)}});
}

TEST(RestQuota, OverItsQuotaATenantGets429WithRetryAfterWhileAnotherIsServed) {
  testing::ServerProcess server(testing::SharedCluster().url(),
                                {"--tenant-rate-limit=1", "--tenant-burst=3"});
  testing::GatewayProcess gateway(server.address());
  HttpClient http(gateway.address());
  const std::string flood = UniqueTenant(), quiet = UniqueTenant();
  HttpResponse refused;
  for (int i = 0; i < 50 && refused.status != 429; ++i) {
    HttpResponse r = GetPersons(http, flood);
    if (r.status == 429)
      refused = r;
    else
      EXPECT_EQ(r.status, 404) << r.body;  // admitted: this tenant has no person 1
  }
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  EXPECT_EQ(json::parse(refused.body)["status"], 429);
  int retry_after = 0;
  EXPECT_TRUE(absl::SimpleAtoi(refused.header("retry-after"), &retry_after));
  EXPECT_GE(retry_after, 1);
  EXPECT_EQ(refused.header("ratelimit-policy"), "\"tenant\";q=3;w=3");
  EXPECT_EQ(refused.header("ratelimit"), "\"tenant\";r=0;t=" + refused.header("retry-after"));
  EXPECT_EQ(GetPersons(http, quiet).status, 404);
}

TEST(RestReadiness, ReadyzAnnouncesThatAuthenticationIsOff) {
  testing::ServerProcess insecure(testing::SharedCluster().url(), {"--insecure-no-auth"});
  testing::GatewayProcess gateway(insecure.address());
  HttpResponse r = HttpClient(gateway.address()).Get("/readyz");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["authentication"], "off");

  HttpResponse secure = HttpClient(testing::SharedGateway().address()).Get("/readyz");
  ASSERT_EQ(secure.status, 200) << secure.body;
  EXPECT_FALSE(json::parse(secure.body).contains("authentication")) << secure.body;
}

// The server and gateway started by hand so that their stderr (the log) is read.
TEST(RestLogs, NoTokenOrPasswordReachesALogLine) {
  std::vector<std::string> server_args = {"--listen=127.0.0.1:0",
                                          "--database_url=" + testing::SharedCluster().url()};
  for (const std::string& flag : testing::TestAuthFlags()) server_args.push_back(flag);
  testing::ChildProcess server(CONSENT_SERVER_BINARY, server_args,
                               testing::ChildProcess::Output::kStdoutAndStderr);
  auto address = server.WaitForLine("listening grpc ");
  ASSERT_TRUE(address);
  testing::ChildProcess gateway(CONSENT_GATEWAY_BINARY,
                                {"--listen", "127.0.0.1:0", "--backend", *address},
                                testing::ChildProcess::Output::kStdoutAndStderr);
  auto http_address = gateway.WaitForLine("listening http ");
  ASSERT_TRUE(http_address);

  const std::string tenant = UniqueTenant();
  const std::string token = testing::BearerFor(tenant).substr(7);
  const std::string password = "hunter2-correct-horse-battery";
  HttpClient http(*http_address);
  for (const std::string& authorization :
       {"Bearer " + token, "Bearer " + token + "x", "Bearer " + token.substr(0, 40),
        "Basic " + std::string("dXNlcjpodW50ZXIyLWNvcnJlY3QtaG9yc2UtYmF0dGVyeQ=="),
        "Bearer " + password, password}) {
    http.Request("GET", "/v1/persons/1", {{"Authorization", authorization}});
    http.Request("POST", "/v1/persons", {{"Authorization", authorization}}, "{\"FirstName\":1}");
  }
  gateway.Signal(SIGTERM);
  server.Signal(SIGTERM);
  const std::string logs = gateway.ReadToEnd() + server.ReadToEnd();
  EXPECT_EQ(gateway.Wait(), 0);
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_FALSE(logs.empty());
  for (const std::string& secret : {token, token.substr(0, 40), std::string("eyJ"), password}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << secret << " is in the log:\n" << logs;
  }
}

}  // namespace
}  // namespace consent
