// API users against the real server: a tenant creates one and gets its generated password
// once; Basic with it is admitted with the user's scopes and recorded as the user; a wrong
// password and an unknown user are refused alike with a Basic challenge; a rotated or
// deleted user's old password stops working; names are unique across tenants; only the
// Argon2id hash is stored.
#include <absl/strings/escaping.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/api_users.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using testing::SharedServer;
using testing::TenantContext;
using testing::UniqueTenant;

struct Answer {
  grpc::Status status;
  std::string challenge;
};

class ApiUsersTest : public ::testing::Test {
 protected:
  v1::ApiUserCredentials Create(const std::string& name, std::vector<std::string> scopes,
                                const std::string& tenant) {
    v1::CreateApiUserRequest request;
    request.set_user_name(name);
    for (auto& scope : scopes) request.add_scopes(scope);
    v1::ApiUserCredentials created;
    grpc::Status status = users_->CreateApiUser(TenantContext(tenant).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // CreatePerson as `user:password` over Basic.
  Answer CreatePersonAs(const std::string& user_password, v1::Person* person = nullptr) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Basic " + absl::Base64Escape(user_password));
    v1::CreatePersonRequest request;
    request.mutable_person()->set_first_name("Grace");
    v1::Person created;
    grpc::Status status = persons_->CreatePerson(&ctx, request, person ? person : &created);
    auto challenge = ctx.GetServerTrailingMetadata().find("www-authenticate");
    return {status, challenge == ctx.GetServerTrailingMetadata().end()
                        ? ""
                        : std::string(challenge->second.data(), challenge->second.size())};
  }

  std::string Name() { return "crm-" + UniqueTenant(); }

  std::string tenant_ = UniqueTenant();
  std::unique_ptr<v1::ApiUserService::Stub> users_ =
      v1::ApiUserService::NewStub(SharedServer().Channel());
  std::unique_ptr<v1::PersonService::Stub> persons_ =
      v1::PersonService::NewStub(SharedServer().Channel());
};

TEST_F(ApiUsersTest, AnApiUserActsForItsTenantAndIsRecordedAsTheActor) {
  const std::string name = Name();
  v1::ApiUserCredentials created =
      Create(name, {"contacts:persons:write", "contacts:persons:read"}, tenant_);
  EXPECT_EQ(created.user().user_name(), name);
  EXPECT_EQ(created.password().size(), 32u);
  v1::Person person;
  Answer answer = CreatePersonAs(name + ":" + created.password(), &person);
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();

  // The person is the tenant's, and its history names the API user.
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Basic " + absl::Base64Escape(name + ":" + created.password()));
  v1::SetPersonConsentRequest set;
  set.set_person_id(person.person_id());
  set.mutable_consent()->set_status(v1::granted);
  set.mutable_consent()->set_medium(v1::email);
  google::protobuf::Empty empty;
  ASSERT_TRUE(persons_->SetPersonConsent(&ctx, set, &empty).ok());
  v1::ListConsentHistoryRequest history_request;
  history_request.set_person_id(person.person_id());
  v1::ListConsentHistoryResponse history;
  ASSERT_TRUE(
      persons_->ListConsentHistory(TenantContext(tenant_).get(), history_request, &history).ok());
  ASSERT_GE(history.entries_size(), 1);
  EXPECT_EQ(history.entries(0).recorded_by(), "api-user:" + name);

  v1::ListApiUsersResponse listed;
  ASSERT_TRUE(users_->ListApiUsers(TenantContext(tenant_).get(), {}, &listed).ok());
  ASSERT_EQ(listed.api_users_size(), 1);
  EXPECT_EQ(listed.api_users(0).user_name(), name);
  EXPECT_EQ(listed.api_users(0).created_by(), "tester@" + tenant_);
  EXPECT_EQ(listed.DebugString().find(created.password()), std::string::npos);
}

TEST_F(ApiUsersTest, AWrongPasswordAndAnUnknownUserAreRefusedAlike) {
  const std::string name = Name();
  v1::ApiUserCredentials created = Create(name, {"contacts:persons:write"}, tenant_);
  Answer wrong = CreatePersonAs(name + ":" + created.password() + "x");
  Answer unknown = CreatePersonAs("nobody-" + name + ":" + created.password());
  EXPECT_EQ(wrong.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.challenge, "Basic realm=\"consent\"");
  EXPECT_EQ(unknown.status.error_code(), wrong.status.error_code());
  EXPECT_EQ(unknown.status.error_message(), wrong.status.error_message());
  EXPECT_EQ(unknown.challenge, wrong.challenge);
}

TEST_F(ApiUsersTest, AnApiUserHasOnlyItsScopesAndOnlyItsTenant) {
  const std::string name = Name();
  v1::ApiUserCredentials reader = Create(name, {"contacts:persons:read"}, tenant_);
  EXPECT_EQ(CreatePersonAs(name + ":" + reader.password()).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const std::string writer = Name();
  v1::ApiUserCredentials created = Create(writer, {"contacts:persons:write"}, tenant_);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization",
                  "Basic " + absl::Base64Escape(writer + ":" + created.password()));
  ctx.AddMetadata("customer-id", UniqueTenant());
  v1::CreatePersonRequest request;
  v1::Person person;
  EXPECT_EQ(persons_->CreatePerson(&ctx, request, &person).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ApiUsersTest, RotatingOrDeletingEndsTheOldPassword) {
  const std::string name = Name();
  v1::ApiUserCredentials first = Create(name, {"contacts:persons:write"}, tenant_);
  ASSERT_TRUE(CreatePersonAs(name + ":" + first.password()).status.ok());
  v1::RotateApiUserPasswordRequest rotate;
  rotate.set_user_name(name);
  v1::ApiUserCredentials second;
  ASSERT_TRUE(users_->RotateApiUserPassword(TenantContext(tenant_).get(), rotate, &second).ok());
  EXPECT_NE(second.password(), first.password());
  EXPECT_EQ(CreatePersonAs(name + ":" + first.password()).status.error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(CreatePersonAs(name + ":" + second.password()).status.ok());

  // Another tenant can neither rotate nor delete it.
  v1::DeleteApiUserRequest remove;
  remove.set_user_name(name);
  google::protobuf::Empty empty;
  EXPECT_EQ(users_->DeleteApiUser(TenantContext(UniqueTenant()).get(), remove, &empty).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(users_->DeleteApiUser(TenantContext(tenant_).get(), remove, &empty).ok());
  EXPECT_EQ(CreatePersonAs(name + ":" + second.password()).status.error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ApiUsersTest, NamesAreUniqueAcrossTenantsAndRequestsAreValidated) {
  const std::string name = Name();
  Create(name, {"contacts:persons:read"}, tenant_);
  v1::CreateApiUserRequest again;
  again.set_user_name(name);
  again.add_scopes("contacts:persons:read");
  v1::ApiUserCredentials out;
  EXPECT_EQ(users_->CreateApiUser(TenantContext(UniqueTenant()).get(), again, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::CreateApiUserRequest bad;
  bad.set_user_name("a:b");
  bad.add_scopes("consent:api-users:write");  // an API user cannot make API users
  bad.add_scopes("no:such:scope");
  grpc::Status refused = users_->CreateApiUser(TenantContext(tenant_).get(), bad, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(refused.error_details().empty());
}

TEST_F(ApiUsersTest, OnlyTheArgon2idHashIsStored) {
  const std::string name = Name();
  v1::ApiUserCredentials created = Create(name, {"contacts:persons:read"}, tenant_);
  pqxx::connection conn(testing::SharedCluster().url());
  pqxx::nontransaction txn(conn);
  pqxx::row row =
      txn.exec_params1("SELECT password_hash, tenant FROM api_users WHERE user_name = $1", name);
  EXPECT_EQ(row[0].as<std::string>().rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(row[0].as<std::string>().find(created.password()), std::string::npos);
  EXPECT_EQ(row[1].as<std::string>(), tenant_);
}

}  // namespace
}  // namespace consent
