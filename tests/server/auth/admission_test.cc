// Identity and access against the real server: every RPC needs a credential holding its
// scope and naming its tenant; malformed, forged, expired, misdirected and oversized tokens
// are refused with a challenge; another tenant's credential reads nothing.
#include <filesystem>
#include <fstream>
#include <future>

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "lib/jose/jose.h"
#include "proto/consent/v1/access.pb.h"
#include "proto/consent/v1/api_users.grpc.pb.h"
#include "proto/consent/v1/consent_persons.grpc.pb.h"
#include "proto/consent/v1/consent_types.grpc.pb.h"
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/http_receiver.h"
#include "tests/support/server_process.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using nlohmann::json;
using testing::SharedServer;
using testing::SignTestToken;
using testing::TestClaims;
using testing::UniqueTenant;

struct Answer {
  grpc::StatusCode code;
  std::string message;
  std::string challenge;  // www-authenticate, "" when absent
};

// GetPerson of `id` in `tenant` (customer-id, when given) with `authorization`.
Answer GetPerson(const std::string& address, int id, const std::string& authorization,
                 const std::string& tenant = "") {
  auto stub =
      v1::PersonService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  if (!authorization.empty()) ctx.AddMetadata("authorization", authorization);
  if (!tenant.empty()) ctx.AddMetadata("customer-id", tenant);
  v1::GetPersonRequest request;
  request.set_person_id(id);
  v1::Person person;
  grpc::Status status = stub->GetPerson(&ctx, request, &person);
  // Every challenge, as an HTTP client joins repeated WWW-Authenticate fields.
  std::string challenges;
  auto [first, last] = ctx.GetServerTrailingMetadata().equal_range("www-authenticate");
  for (auto it = first; it != last; ++it) {
    challenges +=
        (challenges.empty() ? "" : ", ") + std::string(it->second.data(), it->second.size());
  }
  return {status.error_code(), status.error_message(), challenges};
}

std::string Bearer(const json& claims) { return "Bearer " + SignTestToken(claims); }

class AdmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stub = v1::PersonService::NewStub(SharedServer().Channel());
    v1::CreatePersonRequest request;
    request.mutable_person()->set_first_name("Ada");
    v1::Person person;
    ASSERT_TRUE(stub->CreatePerson(testing::TenantContext(tenant_).get(), request, &person).ok());
    person_ = person.person_id();
  }

  Answer Get(const std::string& authorization, const std::string& tenant = "") {
    return GetPerson(SharedServer().address(), person_, authorization, tenant);
  }
  void ExpectInvalidToken(const std::string& authorization, const std::string& what) {
    Answer answer = Get(authorization);
    EXPECT_EQ(answer.code, grpc::StatusCode::UNAUTHENTICATED) << what << ": " << answer.message;
    EXPECT_EQ(answer.challenge, "Bearer realm=\"consent\", error=\"invalid_token\"") << what;
  }

  std::string tenant_ = UniqueTenant();
  int person_ = 0;
};

TEST_F(AdmissionTest, AValidTokenReadsItsTenantsData) {
  EXPECT_EQ(Get(testing::BearerFor(tenant_)).code, grpc::StatusCode::OK);
  EXPECT_EQ(Get(testing::BearerFor(tenant_), tenant_).code, grpc::StatusCode::OK);
}

TEST_F(AdmissionTest, NoCredentialOrAnotherSchemeIsUnauthenticatedWithAChallenge) {
  for (const std::string& authorization : {std::string(""), std::string("Negotiate abc")}) {
    Answer answer = Get(authorization, tenant_);
    EXPECT_EQ(answer.code, grpc::StatusCode::UNAUTHENTICATED) << authorization;
    EXPECT_EQ(answer.challenge, "Bearer realm=\"consent\", Basic realm=\"consent\"")
        << authorization;
  }
  // Basic of a user that does not exist (tje0:Tje0).
  Answer basic = Get("Basic dGplMDpUamUw", tenant_);
  EXPECT_EQ(basic.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(basic.challenge, "Basic realm=\"consent\"");
}

TEST(AdmissionBasicOff, WithoutBasicOnlyBearerIsOffered) {
  testing::ServerProcess server(testing::SharedCluster().url(), {"--basic-auth=false"});
  Answer answer = GetPerson(server.address(), 1, "Basic dGplMDpUamUw", "t");
  EXPECT_EQ(answer.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(answer.challenge, "Bearer realm=\"consent\"");
}

TEST_F(AdmissionTest, MalformedTokensAreInvalid) {
  const std::string good = SignTestToken(TestClaims(tenant_));
  ExpectInvalidToken("Bearer ", "empty");
  ExpectInvalidToken("Bearer abc", "one segment");
  ExpectInvalidToken("Bearer a.b", "two segments");
  ExpectInvalidToken("Bearer a!.b.c", "not base64url");
  ExpectInvalidToken("Bearer " + jose::Base64UrlEncode("not json") + ".e30.c2ln", "header");
  ExpectInvalidToken("Bearer " + good + "." + good, "five segments");
  // Over 8 KiB: gRPC's own metadata limit may refuse it before the server reads it.
  const grpc::StatusCode oversized = Get("Bearer " + std::string(9000, 'a') + "." + good).code;
  EXPECT_TRUE(oversized == grpc::StatusCode::UNAUTHENTICATED ||
              oversized == grpc::StatusCode::RESOURCE_EXHAUSTED)
      << oversized;
  // Within gRPC's 8 KiB metadata limit with the token itself (which names every scope).
  ExpectInvalidToken("Bearer " + std::string(5000, 'a') + "." + good, "5 KB of junk");
}

TEST_F(AdmissionTest, ForgedSignaturesAndAlgorithmsAreInvalid) {
  const json claims = TestClaims(tenant_);
  const std::string payload = jose::Base64UrlEncode(claims.dump());
  ExpectInvalidToken("Bearer " + jose::Base64UrlEncode(R"({"alg":"none"})") + "." + payload + ".",
                     "alg none, no signature");
  ExpectInvalidToken(
      "Bearer " + jose::Base64UrlEncode(R"({"alg":"none"})") + "." + payload + ".c2ln", "alg none");
  // HS256 keyed with the (public) JWKS the server trusts: the classic key confusion.
  const std::string header = jose::Base64UrlEncode(R"({"alg":"HS256","kid":"test-key-1"})");
  ExpectInvalidToken("Bearer " + header + "." + payload + "." + jose::Base64UrlEncode("mac"),
                     "HS256");
  std::string token = SignTestToken(claims);
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  ExpectInvalidToken("Bearer " + token, "flipped signature byte");
  // Signed by a key the server does not trust, under a kid it does not know.
  auto stranger = jose::Key::Generate("ES256", "stranger");
  ASSERT_TRUE(stranger.ok());
  ExpectInvalidToken("Bearer " + *jose::Sign(claims.dump(), **stranger), "unknown kid");
}

TEST_F(AdmissionTest, ClaimsAreCheckedExactly) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  auto with = [&](const std::string& name, json value) {
    json claims = TestClaims(tenant_);
    if (value.is_null()) {
      claims.erase(name);
    } else {
      claims[name] = value;
    }
    return Bearer(claims);
  };
  ExpectInvalidToken(with("iss", "https://evil.example"), "wrong iss");
  ExpectInvalidToken(with("aud", "another-service"), "wrong aud");
  ExpectInvalidToken(with("aud", json::array({"a", "b"})), "aud list without ours");
  EXPECT_EQ(Get(with("aud", json::array({"a", testing::kTestAudience}))).code,
            grpc::StatusCode::OK);
  ExpectInvalidToken(with("exp", nullptr), "no exp");
  ExpectInvalidToken(with("exp", "tomorrow"), "exp of the wrong type");
  ExpectInvalidToken(with("exp", now - 120), "expired beyond the skew");
  EXPECT_EQ(Get(with("exp", now - 30)).code, grpc::StatusCode::OK);  // within the 60 s skew
  ExpectInvalidToken(with("nbf", now + 120), "not valid yet beyond the skew");
  EXPECT_EQ(Get(with("nbf", now + 30)).code, grpc::StatusCode::OK);
  ExpectInvalidToken(with("exp", now + 3 * 86400), "lifetime over the maximum");
  ExpectInvalidToken(with("tenant", 42), "tenant of the wrong type");
  ExpectInvalidToken(with("tenant", nullptr), "no tenant");
  ExpectInvalidToken(with("scope", json::array({"x"})), "scope of the wrong type");
  ExpectInvalidToken(with("sub", nullptr), "no subject");
}

TEST_F(AdmissionTest, MissingScopeIsPermissionDeniedNamingIt) {
  Answer answer = Get(Bearer(TestClaims(tenant_, {"lists:consent:read"})));
  EXPECT_EQ(answer.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      answer.challenge,
      "Bearer realm=\"consent\", error=\"insufficient_scope\", scope=\"contacts:persons:read\"");
  // `scp` (a list) serves as well as `scope`.
  json claims = TestClaims(tenant_, {});
  claims.erase("scope");
  claims["scp"] = json::array({"contacts:persons:read"});
  EXPECT_EQ(Get(Bearer(claims)).code, grpc::StatusCode::OK);

  // A read-only token cannot write.
  auto stub = v1::PersonService::NewStub(SharedServer().Channel());
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", Bearer(TestClaims(tenant_, {"contacts:persons:read"})));
  v1::CreatePersonRequest request;
  v1::Person out;
  EXPECT_EQ(stub->CreatePerson(&ctx, request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AdmissionTest, AnotherTenantsCredentialReadsNothing) {
  const std::string other = UniqueTenant();
  // Its own tenant has no such person; naming ours is refused.
  EXPECT_EQ(Get(testing::BearerFor(other)).code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(testing::BearerFor(other), tenant_).code, grpc::StatusCode::PERMISSION_DENIED);
  // The {clientId} path value binds the same way.
  auto types = v1::ConsentTypeService::NewStub(SharedServer().Channel());
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", testing::BearerFor(other));
  v1::ListConsentTypesRequest list;
  list.set_client_id(tenant_);
  v1::ConsentTypeEntryList out;
  EXPECT_EQ(types->ListConsentTypes(&ctx, list, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A platform admin may act for any tenant.
  json admin = TestClaims("", {"consent:platform:admin"});
  admin.erase("tenant");
  EXPECT_EQ(Get(Bearer(admin), tenant_).code, grpc::StatusCode::OK);
}

// Every RPC the server offers, called with an empty request: none answers without a
// credential, and none reads another tenant's data with one.
TEST(AdmissionWalk, EveryRpcNeedsACredentialAndBindsItsTenant) {
  grpc::GenericStub stub(SharedServer().Channel());
  int walked = 0;
  for (const auto* file :
       {v1::Person::descriptor()->file(), v1::ConsentPurpose::descriptor()->file(),
        v1::ConsentPerson::descriptor()->file(), v1::ConsentTypeEntry::descriptor()->file(),
        v1::ApiUser::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const auto* method = service->method(m);
        ASSERT_FALSE(method->options().GetExtension(v1::access).scope().empty())
            << method->full_name() << " declares no scope";
        const std::string path = "/" + service->full_name() + "/" + method->name();
        auto call = [&](const std::vector<std::pair<std::string, std::string>>& metadata) {
          grpc::ClientContext ctx;
          for (const auto& [k, v] : metadata) ctx.AddMetadata(k, v);
          grpc::Slice empty("");
          grpc::ByteBuffer request(&empty, 1), response;
          std::promise<grpc::Status> done;
          stub.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response,
                         [&](grpc::Status status) { done.set_value(status); });
          return done.get_future().get().error_code();
        };
        EXPECT_EQ(call({{"customer-id", "walk"}}), grpc::StatusCode::UNAUTHENTICATED) << path;
        EXPECT_EQ(
            call({{"customer-id", "walk"}, {"authorization", testing::BearerFor("someone-else")}}),
            grpc::StatusCode::PERMISSION_DENIED)
            << path;
        ++walked;
      }
    }
  }
  EXPECT_GT(walked, 30);
}

TEST(AdmissionKeys, NoKeyEverLoadedIsUnavailableNotUnauthenticated) {
  testing::ServerProcess server(testing::SharedCluster().url(),
                                {"--jwks-file=/nonexistent/jwks.json"});
  Answer answer = GetPerson(server.address(), 1, testing::BearerFor("t"), "t");
  EXPECT_EQ(answer.code, grpc::StatusCode::UNAVAILABLE) << answer.message;
}

TEST(AdmissionKeys, KeysFromAUrlAreFetchedOncePerUnknownKidAndServeWhileItIsDown) {
  testing::HttpReceiver jwks([](const testing::HttpReceiver::Request&) {
    return testing::HttpReceiver::Answer{200, testing::TestJwks()};
  });
  testing::ServerProcess server(testing::SharedCluster().url(),
                                {"--jwks-url=" + jwks.Url("/.well-known/jwks.json")});
  const std::string tenant = UniqueTenant();
  EXPECT_EQ(GetPerson(server.address(), 1, testing::BearerFor(tenant), tenant).code,
            grpc::StatusCode::NOT_FOUND);  // admitted: there is no person 1 in this tenant
  const int fetched = jwks.requests();
  auto stranger = *jose::Key::Generate("ES256", "not-in-the-jwks");
  for (int i = 0; i < 20; ++i) {
    json claims = TestClaims(tenant);
    claims["jti"] = i;
    Answer answer =
        GetPerson(server.address(), 1, "Bearer " + *jose::Sign(claims.dump(), *stranger), tenant);
    EXPECT_EQ(answer.code, grpc::StatusCode::UNAUTHENTICATED) << answer.message;
  }
  EXPECT_EQ(jwks.requests(), fetched + 1);
  jwks.Stop();
  json fresh = TestClaims(tenant);
  fresh["jti"] = "after the key server went down";
  EXPECT_EQ(GetPerson(server.address(), 1, Bearer(fresh), tenant).code,
            grpc::StatusCode::NOT_FOUND);
}

TEST(AdmissionKeys, AKeyServerNeverReachedIsUnavailable) {
  std::string url;
  {
    testing::HttpReceiver gone(
        [](const testing::HttpReceiver::Request&) { return testing::HttpReceiver::Answer{}; });
    url = gone.Url("/jwks.json");
  }  // nothing listens on its port now
  testing::ServerProcess server(testing::SharedCluster().url(), {"--jwks-url=" + url});
  Answer answer = GetPerson(server.address(), 1, testing::BearerFor("t"), "t");
  EXPECT_EQ(answer.code, grpc::StatusCode::UNAVAILABLE) << answer.message;
}

TEST(AdmissionKeys, AServerWithoutAuthenticationSettingsRefusesToStart) {
  EXPECT_NE(testing::RunCommand({"sh", "-c",
                                 "timeout 60 " + std::string(CONSENT_SERVER_BINARY) +
                                     " --listen=127.0.0.1:0 --database_url=" +
                                     testing::SharedCluster().url() + " 2>/dev/null"}),
            0);
}

}  // namespace
}  // namespace consent
