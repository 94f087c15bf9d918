// The server's operational surface: Prometheus /metrics counts calls, logs are JSON lines.
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/observability/json_log.h"
#include "lib/observability/metrics.h"
#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/http_client.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using testing::HttpClient;
using testing::ServerProcess;
using testing::SharedCluster;
using testing::TenantContext;

// Every sample line of the text format: name{labels} value.
bool ParsesAsPrometheusText(const std::string& text) {
  static const std::regex sample(
      R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInfa]+$)");
  static const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!std::regex_match(line, sample) && !std::regex_match(line, comment)) {
      ADD_FAILURE() << "not Prometheus text: " << line;
      return false;
    }
  }
  return true;
}

double SampleValue(const std::string& text, const std::string& series) {
  auto at = ("\n" + text).find("\n" + series + " ");  // a sample line, not a # HELP line
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 1));
}

TEST(Observability, MetricsCountTheCallsJustMade) {
  ServerProcess server(SharedCluster().url(), {"--metrics_listen=127.0.0.1:0"});
  auto stub = v1::PersonService::NewStub(server.Channel());
  int person_id = 0;
  for (int i = 0; i < 3; ++i) {
    v1::CreatePersonRequest req;
    v1::Person out;
    ASSERT_TRUE(stub->CreatePerson(TenantContext("metrics").get(), req, &out).ok());
    person_id = out.person_id();
  }
  v1::GetPersonRequest missing;
  missing.set_person_id(999999);
  v1::Person out;
  stub->GetPerson(TenantContext("metrics").get(), missing, &out);
  v1::SetPersonConsentRequest decision;
  decision.set_person_id(person_id);
  decision.mutable_consent()->set_status(v1::granted);
  google::protobuf::Empty empty;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(stub->SetPersonConsent(TenantContext("metrics").get(), decision, &empty).ok());
  }

  auto response = HttpClient(server.metrics_address()).Get("/metrics");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_TRUE(ParsesAsPrometheusText(response.body));
  EXPECT_EQ(
      SampleValue(
          response.body,
          R"(consent_grpc_requests_total{method="/consent.v1.PersonService/CreatePerson",code="OK"})"),
      3);
  EXPECT_EQ(
      SampleValue(
          response.body,
          R"(consent_grpc_requests_total{method="/consent.v1.PersonService/GetPerson",code="NOT_FOUND"})"),
      1);
  EXPECT_EQ(
      SampleValue(
          response.body,
          R"(consent_grpc_request_duration_seconds_count{method="/consent.v1.PersonService/CreatePerson",code="OK"})"),
      3);
  EXPECT_GE(SampleValue(response.body, "consent_schema_migration_version"), 1);
  EXPECT_GE(SampleValue(response.body, "consent_db_pool_idle"), 1);
  EXPECT_EQ(SampleValue(response.body, "consent_db_pool_in_use"), 0);
  // One after the other, the two decisions were batches of one.
  EXPECT_EQ(SampleValue(response.body, "consent_data_consent_batches_total"), 2);
  EXPECT_EQ(SampleValue(response.body, "consent_data_consent_batched_decisions_total"), 2);
  EXPECT_NE(response.body.find("# TYPE consent_data_consent_batches_total counter"),
            std::string::npos);
}

TEST(Observability, AccessLogLinesAreJsonObjectsWithEscapedValues) {
  std::string line = observability::LogLine("info", "rpc")
                         .Add("method", "/a.B/C")
                         .Add("request_id", "quote\" back\\ tab\t \x01 bad\xff utf8 \xc3\xa9")
                         .Add("latency_ms", 0.25)
                         .Add("status", 404LL)
                         .Finish();
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line, whatever the values hold
  nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["level"], "info");
  EXPECT_EQ(parsed["msg"], "rpc");
  EXPECT_EQ(parsed["method"], "/a.B/C");
  EXPECT_EQ(parsed["request_id"], "quote\" back\\ tab\t \x01 bad\xef\xbf\xbd utf8 \xc3\xa9");
  EXPECT_EQ(parsed["latency_ms"], 0.25);
  EXPECT_EQ(parsed["status"], 404);
  EXPECT_TRUE(std::regex_match(parsed["ts"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")))
      << parsed["ts"];
}

TEST(Observability, HistogramBucketsAreCumulative) {
  observability::Metrics metrics;
  metrics.ObserveRequest("c", "h", {{"method", "m"}}, 0.003);
  metrics.ObserveRequest("c", "h", {{"method", "m"}}, 7);
  std::string text = metrics.Render();
  EXPECT_TRUE(ParsesAsPrometheusText(text));
  EXPECT_EQ(SampleValue(text, R"(h_bucket{method="m",le="0.001"})"), 0);
  EXPECT_EQ(SampleValue(text, R"(h_bucket{method="m",le="0.005"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(h_bucket{method="m",le="10"})"), 2);
  EXPECT_EQ(SampleValue(text, R"(h_bucket{method="m",le="+Inf"})"), 2);
  EXPECT_EQ(SampleValue(text, R"(c{method="m"})"), 2);
}

}  // namespace
}  // namespace consent
