// The database role the server runs as may read and append to the ledger but never change
// it: migrations run as the schema owner (--migration-database-url), which grants the
// server's role (--database-url) its privileges.
#include <unistd.h>

#include <pqxx/pqxx>

#include "tests/server/ledger/ledger_fixture.h"

namespace consent {
namespace {

TEST(LedgerRolesTest, TheServersRoleAppendsToTheLedgerButCannotChangeIt) {
  const std::string suffix = std::to_string(getpid());
  const std::string owner_url = testing::SharedCluster().CreateDatabase("roles_" + suffix);
  const std::string role = "consent_app_" + suffix;
  {
    pqxx::connection owner(owner_url);
    pqxx::nontransaction(owner).exec("CREATE ROLE " + role + " LOGIN");
  }
  const std::string server_url = owner_url.substr(0, owner_url.find("postgres@")) + role +
                                 owner_url.substr(owner_url.find('@'));
  testing::ServerProcess server(server_url, {"--migration-database-url=" + owner_url});

  // Through the server, as its role: a person and a decision.
  const std::string tenant = testing::UniqueTenant();
  auto persons = v1::PersonService::NewStub(server.Channel());
  v1::CreatePersonRequest create;
  create.mutable_person()->set_first_name("Rolf");
  v1::Person person;
  ASSERT_TRUE(persons->CreatePerson(testing::TenantContext(tenant).get(), create, &person).ok());
  v1::RecordConsentRequest record;
  record.set_person_id(person.person_id());
  record.set_data_consent(true);
  record.set_state(v1::ConsentEvent::granted);
  v1::ConsentEvent event;
  grpc::Status status = v1::LedgerService::NewStub(server.Channel())
                            ->RecordConsent(testing::TenantContext(tenant).get(), record, &event);
  ASSERT_TRUE(status.ok()) << status.error_message();

  pqxx::connection as_server(server_url);
  for (const std::string change :
       {"UPDATE consent_events SET state = 'refused'", "DELETE FROM consent_events",
        "TRUNCATE consent_events", "UPDATE ledger_checkpoints SET root = ''",
        "DELETE FROM schema_migrations"}) {
    pqxx::work txn(as_server);
    EXPECT_THROW(txn.exec(change), pqxx::insufficient_privilege) << change;
  }
  pqxx::work reads(as_server);
  EXPECT_EQ(reads.exec1("SELECT count(*) FROM consent_events")[0].as<int>(), 1);
  reads.commit();

  // The owner can (which is what verification catches).
  pqxx::connection owner(owner_url);
  pqxx::work txn(owner);
  EXPECT_EQ(txn.exec("UPDATE consent_events SET state = 'refused'").affected_rows(), 1u);
}

}  // namespace
}  // namespace consent
