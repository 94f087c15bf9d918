// consent_persons' SQL straight against PostgreSQL: a reference that does not exist when
// the row is written is a field violation on the property that names it (422), not a
// failed precondition (412 means If-Match only).
#include "server/consent_persons/consent_person_repository.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "lib/wire/status_details.h"
#include "server/db/sql_errors.h"
#include "server/db/statement.h"
#include "server/persons/person_repository.h"
#include "tests/support/test_stack.h"

namespace consent::consent_persons {
namespace {

class ConsentPersonRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SharedServer();  // applies the migrations
    db::PrepareAll(conn_);
    call_.tenant = testing::UniqueTenant();
    call_.principal = "tester";
  }

  // The status a write of `row` maps to.
  absl::Status Write(const ConsentPersonRow& row) {
    try {
      pqxx::work txn(conn_);
      Insert(txn, call_, row);
      txn.commit();
      return absl::OkStatus();
    } catch (const std::exception& error) {
      return StatusFromSqlError(error);
    }
  }

  int NewPerson() {
    pqxx::work txn(conn_);
    int id = persons::Insert(txn, call_, v1::Person()).person.person_id();
    txn.commit();
    return id;
  }

  pqxx::connection conn_{testing::SharedCluster().url()};
  CallContext call_;
};

TEST_F(ConsentPersonRepositoryTest, MissingReferencesAreFieldViolationsOnTheirProperty) {
  const int person = NewPerson();
  absl::Status purpose = Write({.person_id = person, .purpose_id = 999999});
  EXPECT_EQ(purpose.code(), absl::StatusCode::kInvalidArgument) << purpose;
  EXPECT_EQ(wire::ViolatedFields(purpose), std::vector<std::string>{"ConsentPurpose"});

  absl::Status legal_base = Write({.person_id = person, .legal_base_id = 999999});
  EXPECT_EQ(wire::ViolatedFields(legal_base), std::vector<std::string>{"LegalBase"});
  absl::Status source = Write({.person_id = person, .source_id = 999999});
  EXPECT_EQ(wire::ViolatedFields(source), std::vector<std::string>{"ConsentSource"});
  absl::Status unknown_person = Write({.person_id = 999999});
  EXPECT_EQ(wire::ViolatedFields(unknown_person), std::vector<std::string>{"PersonId"});
  EXPECT_NE(unknown_person.code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace consent::consent_persons
