// consent::Client against the real server and PostgreSQL: metadata, results, error mapping.
#include <gtest/gtest.h>

#include "client/lib/consent_client/client.h"
#include "lib/wire/status_details.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using testing::SharedServer;
using testing::UniqueTenant;

class ClientLibraryTest : public ::testing::Test {
 protected:
  Client Connect(const std::string& tenant) {
    ClientOptions options;
    options.address = SharedServer().address();
    options.tenant = tenant;
    options.token = testing::SignTestToken(testing::TestClaims(tenant));
    return Client(options);
  }
  std::string tenant_ = UniqueTenant();
  Client client_ = Connect(tenant_);
};

v1::CreatePersonRequest NewPerson(const std::string& first, const std::string& email) {
  v1::CreatePersonRequest request;
  request.mutable_person()->set_first_name(first);
  request.mutable_person()->set_email(email);
  return request;
}

TEST_F(ClientLibraryTest, CreatesReadsAndRecordsConsentInItsTenant) {
  absl::StatusOr<v1::Person> created = client_.CreatePerson(NewPerson("Ada", "ada@example.com"));
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_GT(created->person_id(), 0);

  v1::SetPersonConsentRequest set;
  set.set_person_id(created->person_id());
  set.mutable_consent()->set_status(v1::granted);
  set.mutable_consent()->set_medium(v1::email);
  ASSERT_TRUE(client_.SetPersonConsent(set).ok());

  v1::ListConsentHistoryRequest history;
  history.set_person_id(created->person_id());
  auto entries = client_.ListConsentHistory(history);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->entries_size(), 1);
  EXPECT_EQ(entries->entries(0).data_consent().status(), v1::granted);
  EXPECT_FALSE(entries->entries(0).request_id().empty());  // the call's x-request-id

  // The same id in another tenant does not exist.
  v1::GetPersonRequest get;
  get.set_person_id(created->person_id());
  EXPECT_TRUE(client_.GetPerson(get).ok());
  EXPECT_EQ(Connect(UniqueTenant()).GetPerson(get).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ClientLibraryTest, ValidationErrorKeepsFieldViolations) {
  absl::StatusOr<v1::Person> created = client_.CreatePerson(NewPerson("Ada", "not-an-address"));
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<wire::Violation> violations = wire::ViolationsOf(created.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "Email");
  EXPECT_FALSE(violations[0].description.empty());
}

TEST_F(ClientLibraryTest, ATokenNamingNoTenantIsUnauthenticated) {
  v1::ListPersonsRequest list;
  EXPECT_EQ(Connect("").ListPersons(list).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(ClientLibraryTest, ConsentTypeCallsUseTheTenantAsClientId) {
  v1::CreateConsentTypesRequest create;
  auto* type = create.add_consent_types();
  type->set_type_name("Newsletter");
  type->set_is_active(true);
  type->add_versions()->set_consent_version("1");
  auto created = client_.CreateConsentTypes(create);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->consent_types_size(), 1);

  v1::GetConsentTypeRequest get;
  get.set_type_id(created->consent_types(0).type_id());
  auto read = client_.GetConsentType(get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->type_name(), "Newsletter");
  // A duplicate TypeName is a conflict.
  EXPECT_EQ(client_.CreateConsentTypes(create).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(ClientLibraryTest, HealthCheckSeesAServingServer) {
  EXPECT_TRUE(client_.CheckHealth().ok());
  EXPECT_TRUE(client_.CheckHealth("liveness").ok());
}

}  // namespace
}  // namespace consent
