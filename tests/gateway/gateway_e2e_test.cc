// The gateway end to end over loopback HTTP against an in-process fake gRPC backend.
#include <filesystem>
#include <functional>
#include <future>

#include <boost/beast/core/flat_buffer.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "gateway/gateway.h"
#include "proto/embedded_descriptor_set.h"
#include "tests/gateway/fake_backend.h"
#include "tests/support/http_client.h"

namespace consent::gateway {
namespace {

using consent::testing::HttpClient;
using consent::testing::Response;
using nlohmann::json;
using testing::FakeBackend;
using Verb = http::verb;

// A port nothing listens on (bound and released).
std::string DeadAddress() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return "127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
}

// A gateway on a free loopback port in front of `backend`; `adjust` changes the settings.
std::unique_ptr<Gateway> StartGateway(const std::string& backend,
                                      const std::function<void(GatewayConfig&)>& adjust = {}) {
  GatewayConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.backend = backend;
  config.timeout = std::chrono::seconds(10);
  config.max_body_bytes = 1024;
  config.threads = 2;
  if (adjust) adjust(config);
  auto gateway = Gateway::Start(config, std::string(consent::EmbeddedDescriptorSet()));
  EXPECT_TRUE(gateway.ok()) << gateway.status();
  return *std::move(gateway);
}

void ExpectProblem(const Response& response, unsigned status, const std::string& instance) {
  EXPECT_EQ(response.result_int(), status) << response.body();
  EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  json body = json::parse(response.body());
  EXPECT_EQ(body["status"], status);
  EXPECT_EQ(body["type"], "about:blank");
  EXPECT_EQ(body["title"], std::string(http::obsolete_reason(response.result())));
  EXPECT_EQ(body["instance"], instance);
  EXPECT_TRUE(body["detail"].is_string());
}

class GatewayE2ETest : public ::testing::Test {
 protected:
  FakeBackend backend_;
  std::unique_ptr<Gateway> gateway_ = StartGateway(backend_.address());
  HttpClient client_{gateway_->port()};
};

TEST_F(GatewayE2ETest, GetBindsPathVariableAndPassesEtagThrough) {
  Response response = client_.Send(Verb::get, "/v1/persons/1");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(response[http::field::etag], "\"v7\"");
  EXPECT_EQ(json::parse(response.body()),
            json::parse(R"({"PersonId":1,"FirstName":"Ada","LastName":"","Email":""})"));
}

TEST_F(GatewayE2ETest, CreateAnswers201WithLocation) {
  Response response = client_.Send(Verb::post, "/v1/persons", R"({"FirstName":"Bo"})");
  EXPECT_EQ(response.result_int(), 201);
  EXPECT_EQ(response[http::field::location], "/v1/persons/42");
  EXPECT_EQ(json::parse(response.body())["PersonId"], 42);
  EXPECT_EQ(json::parse(response.body())["FirstName"], "Bo");
}

TEST_F(GatewayE2ETest, EmptyResponseIs204WithoutBody) {
  Response response = client_.Send(Verb::delete_, "/v1/persons/1");
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_TRUE(response.body().empty());
  Response consent = client_.Send(Verb::put, "/v1/persons/1/consent",
                                  R"({"status":"granted","medium":"email","description":"d"})");
  EXPECT_EQ(consent.result_int(), 204);
}

TEST_F(GatewayE2ETest, HeadersAreForwardedAsMetadataAndRequestIdEchoed) {
  Response response = client_.Send(Verb::put, "/v1/persons/1/consent", R"({"status":"granted"})",
                                   {{"Authorization", "Bearer t"},
                                    {"Customer-Id", "tenant-1"},
                                    {"Accept-Language", "nb"},
                                    {"If-Match", "\"v7\""},
                                    {"X-Request-Id", "req-123"},
                                    {"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_EQ(response["X-Request-Id"], "req-123");
  auto metadata = backend_.last_metadata();
  auto one = [&](const std::string& key) {
    auto it = metadata.find(key);
    return it == metadata.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(one("authorization"), "Bearer t");
  EXPECT_EQ(one("customer-id"), "tenant-1");
  EXPECT_EQ(one("accept-language"), "nb");
  EXPECT_EQ(one("if-match"), "\"v7\"");
  EXPECT_EQ(one("x-request-id"), "req-123");
  EXPECT_EQ(one("x-http-content-type"), "application/json");
}

// The forwarded headers are configuration: only those listed travel, and what the gateway
// itself sets (x-http-*, x-request-id) can neither be listed nor forged by a client.
TEST(GatewayForwardedHeadersTest, OnlyTheConfiguredHeadersTravelAndGatewayKeysCannotBeForged) {
  FakeBackend backend;
  auto gateway = StartGateway(backend.address(), [](GatewayConfig& c) {
    c.forwarded_headers = *ParseForwardedHeaders("Customer-Id, X-Partner");
  });
  HttpClient client(gateway->port());
  EXPECT_EQ(client
                .Send(Verb::get, "/v1/persons/1", "",
                      {{"Customer-Id", "t"},
                       {"X-Partner", "p1"},
                       {"Authorization", "Bearer t"},
                       {"X-Http-Status", "201"},
                       {"X-Http-Content-Type", "application/merge-patch+json"}})
                .result_int(),
            200);
  auto metadata = backend.last_metadata();
  EXPECT_EQ(metadata.count("customer-id"), 1u);
  ASSERT_EQ(metadata.count("x-partner"), 1u);
  EXPECT_EQ(metadata.find("x-partner")->second, "p1");
  EXPECT_EQ(metadata.count("authorization"), 0u);  // not listed
  EXPECT_EQ(metadata.count("x-http-status"), 0u);
  EXPECT_EQ(metadata.count("x-http-content-type"), 0u);  // a GET has no body type to send

  for (const char* refused : {"X-Http-Status", "x-request-id", "Grpc-Timeout", "Host", "a b"}) {
    EXPECT_FALSE(ParseForwardedHeaders(std::string("Authorization,") + refused).ok()) << refused;
  }
  EXPECT_EQ(ParseForwardedHeaders(kDefaultForwardedHeaders)->size(), 4u);
}

class GatewayCorsTest : public ::testing::Test {
 protected:
  static constexpr char kForm[] = "https://forms.example.com";
  FakeBackend backend_;
  std::unique_ptr<Gateway> gateway_ = StartGateway(backend_.address(), [](GatewayConfig& c) {
    c.cors_origins = {kForm, "http://localhost:3000"};
  });
  HttpClient client_{gateway_->port()};

  Response Preflight(const std::string& path, const std::string& origin) {
    return client_.Send(Verb::options, path, "",
                        {{"Origin", origin},
                         {"Access-Control-Request-Method", "PUT"},
                         {"Access-Control-Request-Headers", "content-type, customer-id"}});
  }
};

TEST_F(GatewayCorsTest, PreflightFromAnAllowedOriginListsThePathsMethodsAndHeaders) {
  Response response = Preflight("/v1/persons/1/consent", kForm);
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_EQ(response[http::field::access_control_allow_origin], kForm);
  EXPECT_EQ(response[http::field::access_control_allow_methods], "PUT, PATCH, GET, HEAD");
  const std::string headers(response[http::field::access_control_allow_headers]);
  for (const char* name :
       {"Content-Type", "Customer-Id", "Authorization", "If-Match", "X-Request-Id"}) {
    EXPECT_NE(headers.find(name), std::string::npos) << name << " in " << headers;
  }
  EXPECT_EQ(response[http::field::access_control_max_age], "600");
  EXPECT_EQ(response[http::field::vary], "Origin");
  EXPECT_TRUE(backend_.last_metadata().empty());  // answered by the gateway alone
}

TEST_F(GatewayCorsTest, AnswersToAnAllowedOriginAreReadableProblemsIncluded) {
  Response ok = client_.Send(Verb::get, "/v1/persons/1", "", {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(ok.result_int(), 200);
  EXPECT_EQ(ok[http::field::access_control_allow_origin], "http://localhost:3000");
  EXPECT_EQ(ok[http::field::access_control_expose_headers],
            "ETag, Location, X-Request-Id, Retry-After");
  Response missing = client_.Send(Verb::get, "/v1/nothing", "", {{"Origin", kForm}});
  ExpectProblem(missing, 404, "/v1/nothing");
  EXPECT_EQ(missing[http::field::access_control_allow_origin], kForm);
}

TEST_F(GatewayCorsTest, OtherOriginsGetNoPermission) {
  Response preflight = Preflight("/v1/persons/1/consent", "https://evil.example");
  ExpectProblem(preflight, 405, "/v1/persons/1/consent");
  EXPECT_EQ(preflight.count(http::field::access_control_allow_origin), 0u);
  Response get = client_.Send(Verb::get, "/v1/persons/1", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(get.result_int(), 200);
  EXPECT_EQ(get.count(http::field::access_control_allow_origin), 0u);
  EXPECT_EQ(get[http::field::vary], "Accept, Accept-Language, Origin");
  ExpectProblem(Preflight("/v1/nothing", kForm), 404, "/v1/nothing");
}

TEST(GatewayCorsOffTest, WithoutOriginsNothingChanges) {
  FakeBackend backend;
  auto gateway = StartGateway(backend.address());
  HttpClient client(gateway->port());
  Response preflight =
      client.Send(Verb::options, "/v1/persons/1", "",
                  {{"Origin", "https://a.example"}, {"Access-Control-Request-Method", "GET"}});
  ExpectProblem(preflight, 405, "/v1/persons/1");
  Response get = client.Send(Verb::get, "/v1/persons/1", "", {{"Origin", "https://a.example"}});
  EXPECT_EQ(get.count(http::field::access_control_allow_origin), 0u);
  EXPECT_EQ(get[http::field::vary], "Accept, Accept-Language");
}

TEST(GatewayCorsOriginsTest, ParseAcceptsOriginsAndStarOnly) {
  EXPECT_EQ(*ParseCorsOrigins(" https://a.example , http://localhost:3000,*"),
            (std::vector<std::string>{"https://a.example", "http://localhost:3000", "*"}));
  EXPECT_TRUE(ParseCorsOrigins("")->empty());
  for (const char* bad : {"a.example", "https://a.example/", "https://", "ftp://a.example",
                          "https://a.example/path"}) {
    EXPECT_FALSE(ParseCorsOrigins(bad).ok()) << bad;
  }
}

TEST_F(GatewayE2ETest, RequestIdIsGeneratedWhenAbsent) {
  Response response = client_.Send(Verb::get, "/v1/persons/1");
  const std::string id(response["X-Request-Id"]);
  EXPECT_EQ(id.size(), 36u);
  auto metadata = backend_.last_metadata();
  ASSERT_EQ(metadata.count("x-request-id"), 1u);
  EXPECT_EQ(metadata.find("x-request-id")->second, id);
  EXPECT_EQ(client_.Send(Verb::get, "/nowhere")["X-Request-Id"].size(), 36u);
}

TEST_F(GatewayE2ETest, FieldViolationsBecome422WithErrorsMap) {
  Response response = client_.Send(Verb::put, "/v1/persons/1/consent", R"({"description":"d"})");
  ExpectProblem(response, 422, "/v1/persons/1/consent");
  EXPECT_EQ(json::parse(response.body())["errors"], json::parse(R"({"status":["is required"]})"));
}

TEST_F(GatewayE2ETest, InvalidEnumValuesAre422NamingTheProperty) {
  for (const char* property : {"status", "medium"}) {
    Response response =
        client_.Send(Verb::put, "/v1/persons/1/consent", json{{property, "sometimes"}}.dump());
    ExpectProblem(response, 422, "/v1/persons/1/consent");
    json errors = json::parse(response.body())["errors"];
    ASSERT_TRUE(errors.contains(property)) << errors;
    EXPECT_TRUE(errors[property][0].is_string());
  }
}

TEST_F(GatewayE2ETest, UnknownFieldAndMalformedJsonAre400) {
  Response unknown =
      client_.Send(Verb::put, "/v1/persons/1/consent", R"({"status":"granted","mood":1})");
  ExpectProblem(unknown, 400, "/v1/persons/1/consent");
  EXPECT_NE(json::parse(unknown.body())["detail"].get<std::string>().find("mood"),
            std::string::npos);
  ExpectProblem(client_.Send(Verb::put, "/v1/persons/1/consent", R"({"status":)"), 400,
                "/v1/persons/1/consent");
}

TEST_F(GatewayE2ETest, GrpcStatusesMapToHttp) {
  const std::pair<int, unsigned> cases[] = {{3, 400},  {5, 404},  {6, 409},  {7, 403},  {8, 429},
                                            {9, 412},  {10, 409}, {11, 400}, {12, 501}, {13, 500},
                                            {14, 503}, {16, 401}, {2, 500},  {15, 500}};
  for (const auto& [code, status] : cases) {
    Response response =
        client_.Send(Verb::get, "/v1/persons?pageToken=code:" + std::to_string(code));
    ExpectProblem(response, status, "/v1/persons");
    if (status == 500) {
      EXPECT_EQ(json::parse(response.body())["detail"].get<std::string>().find("backend says"),
                std::string::npos);
    }
  }
}

TEST_F(GatewayE2ETest, QueryParametersBindRequestFields) {
  Response response = client_.Send(Verb::get, "/v1/persons?pageSize=7&page_token=abc");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(
      json::parse(response.body()),
      json::parse(
          R"({"Persons":[{"PersonId":7,"FirstName":"","LastName":"","Email":""}],"NextPageToken":"abc"})"));
  ExpectProblem(client_.Send(Verb::get, "/v1/persons?colour=red"), 400, "/v1/persons");
}

TEST_F(GatewayE2ETest, UnsetMessageFieldsAreNullRecursively) {
  Response response = client_.Send(Verb::get, "/v1/persons/3/consent/history");
  ASSERT_EQ(response.result_int(), 200);
  json entry = json::parse(response.body())["entries"][0];
  EXPECT_TRUE(entry["dataConsent"].is_null());
  EXPECT_EQ(entry["consentPerson"]["Comment"], "c");
  EXPECT_TRUE(entry["consentPerson"]["ConsentSource"].is_null());
  EXPECT_TRUE(entry["consentPerson"]["TableRight"].is_null());
  EXPECT_EQ(entry["consentPerson"]["FieldProperties"], json::object());
}

TEST_F(GatewayE2ETest, PatchForwardsArrayOrObjectBodyAndMediaType) {
  Response response = client_.Send(Verb::patch, "/acme/ConsentType/5",
                                   R"([{"op":"replace","path":"/TypeName","value":"x"}])",
                                   {{"Content-Type", "application/json-patch+json"}});
  ASSERT_EQ(response.result_int(), 200) << response.body();
  json body = json::parse(response.body());
  EXPECT_EQ(body["TypeId"], 5);
  EXPECT_EQ(json::parse(body["TypeName"].get<std::string>()),
            json::parse(R"([{"op":"replace","path":"/TypeName","value":"x"}])"));
  EXPECT_EQ(backend_.last_metadata().find("x-http-content-type")->second,
            "application/json-patch+json");
  Response merge = client_.Send(Verb::patch, "/acme/ConsentType/5", R"({"IsActive":false})",
                                {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(merge.result_int(), 200);
  EXPECT_EQ(backend_.last_metadata().find("x-http-content-type")->second,
            "application/merge-patch+json");
}

TEST_F(GatewayE2ETest, GatewayDetectedErrors) {
  ExpectProblem(client_.Send(Verb::get, "/v1/nothing/here"), 404, "/v1/nothing/here");
  Response wrong_method = client_.Send(Verb::post, "/v1/persons/1");
  ExpectProblem(wrong_method, 405, "/v1/persons/1");
  EXPECT_EQ(wrong_method[http::field::allow], "GET, HEAD, DELETE");
  ExpectProblem(client_.Send(Verb::get, "/v1/persons/1", "", {{"Accept", "text/html"}}), 406,
                "/v1/persons/1");
  ExpectProblem(
      client_.Send(Verb::put, "/v1/persons/1/consent", "x", {{"Content-Type", "text/plain"}}), 415,
      "/v1/persons/1/consent");
  ExpectProblem(client_.Send(Verb::put, "/v1/persons/1/consent", "{}",
                             {{"Content-Type", "text/json; charset=utf-8"}}),
                422, "/v1/persons/1/consent");
  ExpectProblem(client_.Send(Verb::put, "/v1/persons/1/consent", "{}",
                             {{"Content-Type", "application/json; charset=iso-8859-1"}}),
                415, "/v1/persons/1/consent");
}

// Each of these once aborted the gateway (gRPC refuses non-ASCII metadata; nlohmann throws
// out_of_range for 1e400) or held a thread for minutes (protobuf's JSON transcoder is
// quadratic in nesting).
TEST_F(GatewayE2ETest, WhatCannotTravelIs400AndTheGatewayLivesOn) {
  const std::string non_ascii = "\xc3\xbcn\xc3\xaf";  // "ünï" in UTF-8
  for (const char* header : {"Customer-Id", "Authorization", "Accept-Language", "X-Request-Id"}) {
    Response response = client_.Send(Verb::get, "/v1/persons/1", "", {{header, non_ascii}});
    ExpectProblem(response, 400, "/v1/persons/1");
    EXPECT_NE(json::parse(response.body())["detail"].get<std::string>().find(header),
              std::string::npos)
        << response.body();
    EXPECT_EQ(response["X-Request-Id"].size(), 36u);  // a new one, not the bad one
  }
  ExpectProblem(client_.Send(Verb::get, "/v1/persons/1", "", {{"Content-Type", non_ascii}}), 400,
                "/v1/persons/1");
  Response huge = client_.Send(Verb::post, "/v1/persons", R"({"FirstName":"a","LastName":1e400})");
  ExpectProblem(huge, 400, "/v1/persons");
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  Response nested = client_.Send(Verb::patch, "/acme/ConsentType/5", deep,
                                 {{"Content-Type", "application/json-patch+json"}});
  EXPECT_EQ(nested.result_int(), 400) << nested.body();
  EXPECT_NE(nested.body().find("deeper than 32"), std::string::npos) << nested.body();
  EXPECT_EQ(client_.Send(Verb::get, "/v1/persons/1").result_int(), 200);
}

TEST_F(GatewayE2ETest, HeadIsGetWithoutTheBody) {
  Response get = client_.Send(Verb::get, "/v1/persons/1");
  Response head = client_.Send(Verb::head, "/v1/persons/1");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::etag], "\"v7\"");
  EXPECT_EQ(head[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(head[http::field::content_length], std::to_string(get.body().size()));
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(client_.Send(Verb::head, "/v1/nothing/here").result_int(), 404);
  EXPECT_EQ(client_.Send(Verb::head, "/healthz").result_int(), 200);
  // The connection stays usable: no body bytes were left behind.
  EXPECT_EQ(client_.Send(Verb::get, "/v1/persons/1").body(), get.body());
}

TEST_F(GatewayE2ETest, OversizedBodyIs413AndClosesTheConnection) {
  Response response = client_.Send(Verb::post, "/v1/persons",
                                   R"({"FirstName":")" + std::string(2000, 'x') + R"("})");
  ExpectProblem(response, 413, "/v1/persons");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_NE(gateway_->metrics().Render().find(
                R"(consent_http_requests_total{method="POST",route="unread",code="413"} 1)"),
            std::string::npos)
      << gateway_->metrics().Render();
}

// Sends `bytes` as they are on a new connection and reads the one answer.
Response SendRaw(uint16_t port, const std::string& bytes) {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  net::write(socket, net::buffer(bytes));
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  http::read(socket, buffer, parser);
  return parser.release();
}

TEST_F(GatewayE2ETest, OversizedHeadersAre431AndClosesTheConnection) {
  Response response =
      client_.Send(Verb::get, "/v1/persons/1", "", {{"X-Big", std::string(9000, 'a')}});
  ExpectProblem(response, 431, "/v1/persons/1");
  EXPECT_FALSE(response.keep_alive());
  HttpClient another(gateway_->port());
  ExpectProblem(another.Send(Verb::get, "/v1/persons/" + std::string(9000, '1')), 431, "");
}

TEST_F(GatewayE2ETest, MalformedHttpIs400AndClosesTheConnection) {
  for (const std::string bad :
       {"GET /v1/persons/1 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "GET /v1/persons/1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "GARBAGE\r\n\r\n"}) {
    Response response = SendRaw(gateway_->port(), bad);
    EXPECT_EQ(response.result_int(), 400) << bad;
    EXPECT_EQ(response[http::field::content_type], "application/problem+json") << bad;
    EXPECT_FALSE(response.keep_alive()) << bad;
  }
  EXPECT_EQ(client_.Send(Verb::get, "/v1/persons/1").result_int(), 200);  // others unaffected
}

TEST_F(GatewayE2ETest, KeepAliveServesSeveralRequestsOnOneConnection) {
  for (int i = 0; i < 3; ++i) {
    Response response = client_.Send(Verb::get, "/v1/persons/1");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_TRUE(response.keep_alive());
  }
}

// The gateway makes one non-blocking send attempt from the thread that has the response
// and leaves the rest to asio. How much that attempt takes depends on how fast the client
// (here with a tiny receive window) reads; either way 10 MB of JSON must arrive whole and
// the connection stay usable.
TEST_F(GatewayE2ETest, LargeResponseArrivesWholeOnAReusableConnection) {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.open(net::ip::tcp::v4());
  socket.set_option(net::socket_base::receive_buffer_size(4096));
  socket.connect({net::ip::make_address("127.0.0.1"), gateway_->port()});
  const size_t persons = 200000;
  for (int i = 0; i < 2; ++i) {
    http::request<http::string_body> request(
        http::verb::get, "/v1/persons?pageToken=persons:" + std::to_string(persons), 11);
    request.set(http::field::host, "localhost");
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(persons * 100);
    http::read(socket, buffer, parser);
    Response response = parser.release();
    ASSERT_EQ(response.result_int(), 200);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_GT(response.body().size(), 10u << 20);
    EXPECT_EQ(json::parse(response.body())["Persons"].size(), persons);
  }
}

TEST(GatewayMetricsTest, OpenConnectionsAreAGauge) {
  FakeBackend backend;
  auto gateway = StartGateway(backend.address());
  HttpClient one(gateway->port()), two(gateway->port());
  EXPECT_EQ(one.Send(Verb::get, "/healthz").result_int(), 200);
  EXPECT_EQ(two.Send(Verb::get, "/healthz").result_int(), 200);
  EXPECT_NE(gateway->metrics().Render().find("\nconsent_http_connections_open 2\n"),
            std::string::npos)
      << gateway->metrics().Render();
}

TEST_F(GatewayE2ETest, HealthAndReadiness) {
  EXPECT_EQ(client_.Send(Verb::get, "/healthz").result_int(), 200);
  EXPECT_EQ(client_.Send(Verb::get, "/readyz").result_int(), 200);
}

TEST_F(GatewayE2ETest, ShutdownFinishesInFlightRequests) {
  auto in_flight = std::async(std::launch::async, [port = gateway_->port()] {
    HttpClient client(port);
    return client.Send(Verb::get, "/v1/persons?pageSize=-1");
  });
  backend_.AwaitBlockedCall();
  gateway_->Shutdown();
  EXPECT_TRUE(client_.ServerClosed());  // idle connections are closed at once
  backend_.Release();
  Response response = in_flight.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_FALSE(response.keep_alive());
  gateway_->Wait();
}

TEST(GatewayIdleTest, IdleConnectionsAreClosedButNotOneWaitingForItsResponse) {
  FakeBackend backend;
  auto gateway = StartGateway(
      backend.address(), [](GatewayConfig& c) { c.idle_timeout = std::chrono::milliseconds(200); });
  // Connected first, so it has waited longest when the idle one below is closed.
  auto in_flight = std::async(std::launch::async, [port = gateway->port()] {
    HttpClient client(port);
    return client.Send(Verb::get, "/v1/persons?pageSize=-1");
  });
  backend.AwaitBlockedCall();
  HttpClient idle(gateway->port());
  EXPECT_EQ(idle.Send(Verb::get, "/healthz").result_int(), 200);
  EXPECT_TRUE(idle.ServerClosed());
  backend.Release();
  Response response = in_flight.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_TRUE(response.keep_alive());
}

TEST(GatewayIdleTest, AClientThatStopsReadingItsResponseIsDisconnected) {
  namespace net = boost::asio;
  FakeBackend backend;
  // One I/O thread: a sweep closes every stalled connection in one go.
  auto gateway = StartGateway(backend.address(), [](GatewayConfig& c) {
    c.idle_timeout = std::chrono::milliseconds(200);
    c.threads = 1;
  });
  net::io_context io;
  net::ip::tcp::socket stalled(io);
  stalled.open(net::ip::tcp::v4());
  stalled.set_option(net::socket_base::receive_buffer_size(4096));
  stalled.connect({net::ip::make_address("127.0.0.1"), gateway->port()});
  http::request<http::string_body> request(http::verb::get, "/v1/persons?pageToken=persons:200000",
                                           11);
  request.set(http::field::host, "localhost");
  http::write(stalled, request);
  stalled.wait(net::socket_base::wait_read);  // the response has begun; read none of it
  // Waiting since after the response began: once this one is closed, so is the other.
  HttpClient idle(gateway->port());
  EXPECT_EQ(idle.Send(Verb::get, "/healthz").result_int(), 200);
  EXPECT_TRUE(idle.ServerClosed());
  size_t received = 0;
  boost::beast::error_code ec;
  std::vector<char> chunk(1 << 16);
  while (!ec) received += stalled.read_some(net::buffer(chunk), ec);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
  EXPECT_LT(received, 10u << 20);  // the 10 MB response was cut short
}

// Out of descriptors, the gateway leaves new connections in the listen backlog (instead of
// spinning on accept) and takes them once closed connections have freed some.
TEST(GatewayLimitsTest, AcceptResumesAfterRunningOutOfFileDescriptors) {
  namespace net = boost::asio;
  FakeBackend backend;
  auto gateway = StartGateway(backend.address());
  HttpClient first(gateway->port());
  ASSERT_EQ(first.Send(Verb::get, "/v1/persons/1").result_int(), 200);  // backend connected
  // This process is the clients and the gateway: the clients' sockets are opened first, then
  // the limit leaves the gateway room for two accepted connections.
  net::io_context io;
  std::vector<net::ip::tcp::socket> clients;
  for (int i = 0; i < 10; ++i) clients.emplace_back(io).open(net::ip::tcp::v4());
  size_t open_files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++open_files;
  }
  rlimit saved;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = open_files + 2;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), gateway->port());
  for (auto& client : clients) client.connect(endpoint);
  for (int i = 0; i < 9; ++i) clients[i].close();  // frees descriptors on both sides
  http::request<http::string_body> request(http::verb::get, "/v1/persons/1", 11);
  request.set(http::field::host, "localhost");
  http::write(clients.back(), request);
  boost::beast::flat_buffer buffer;
  Response response;
  http::read(clients.back(), buffer, response);
  EXPECT_EQ(response.result_int(), 200);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
}

TEST(GatewayBackendTest, UnreachableBackendIs503WithRetryAfter) {
  auto gateway = StartGateway(DeadAddress());
  HttpClient client(gateway->port());
  Response response = client.Send(Verb::get, "/v1/persons/1");
  ExpectProblem(response, 503, "/v1/persons/1");
  EXPECT_EQ(response[http::field::retry_after], "1");
  EXPECT_EQ(client.Send(Verb::get, "/readyz").result_int(), 503);
  EXPECT_EQ(client.Send(Verb::get, "/healthz").result_int(), 200);
}

TEST(GatewayBackendTest, DeadlineIs504) {
  FakeBackend backend;
  auto gateway = StartGateway(backend.address(),
                              [](GatewayConfig& c) { c.timeout = std::chrono::milliseconds(200); });
  HttpClient client(gateway->port());
  Response response = client.Send(Verb::get, "/v1/persons?pageSize=-1");
  ExpectProblem(response, 504, "/v1/persons");
  backend.Release();
}

}  // namespace
}  // namespace consent::gateway
