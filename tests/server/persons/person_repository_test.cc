// persons::RecordDataConsentsUnlessLocked straight against PostgreSQL: the statement that
// writes a batch of group-committed decisions (see persons/data_consent_recorder.h), with
// and without idempotency keys.
#include "server/persons/person_repository.h"

#include <chrono>
#include <future>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "server/db/statement.h"
#include "tests/support/test_stack.h"

namespace consent::persons {
namespace {

class PersonRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SharedServer();  // applies the migrations
    db::PrepareAll(conn_);
    // A statement that waited for a lock would fail here instead of hanging the test.
    pqxx::nontransaction(conn_).exec("SET statement_timeout = 3000");
    call_.tenant = testing::UniqueTenant();
    call_.principal = "tester";
    call_.request_id = "req-1";
  }

  int NewPerson() {
    pqxx::nontransaction txn(conn_);
    return Insert(txn, call_, v1::Person()).person.person_id();
  }

  // The key SetPersonConsent would take from a request with this id for this decision.
  IdempotencyKey Key(const std::string& id, int person_id, const v1::PersonDataConsent& consent) {
    v1::SetPersonConsentRequest request;
    request.set_person_id(person_id);
    *request.mutable_consent() = consent;
    request.set_request_id(id);
    return IdempotencyKeyOf(call_, "SetPersonConsent", request).value();
  }

  int HistoryEntries(pqxx::transaction_base& txn, int person_id) {
    return txn
        .exec_params1("SELECT count(*) FROM consent_history WHERE tenant = $1 AND person_id = $2",
                      call_.tenant, person_id)[0]
        .as<int>();
  }

  pqxx::connection conn_{testing::SharedCluster().url()};
  CallContext call_;
};

v1::PersonDataConsent Decision(v1::ConsentStatus status, const std::string& description) {
  v1::PersonDataConsent consent;
  consent.set_status(status);
  consent.set_medium(v1::email);
  consent.set_description(description);
  return consent;
}

TEST_F(PersonRepositoryTest, ABatchRecordsWhatItCanAndSkipsLockedAndUnknownPersons) {
  int free1 = NewPerson(), locked = NewPerson(), free2 = NewPerson();
  int unknown = 987654321;
  pqxx::connection other(testing::SharedCluster().url());
  pqxx::work holder(other);
  holder.exec_params("SELECT 1 FROM persons WHERE tenant = $1 AND person_id = $2 FOR UPDATE",
                     call_.tenant, locked);

  std::vector<v1::PersonDataConsent> consents{
      Decision(v1::granted, "first"), Decision(v1::refused, "locked"),
      Decision(v1::awaiting, "unknown"), Decision(v1::refused, "second")};
  std::vector<DataConsentDecision> decisions{{&call_, free1, &consents[0]},
                                             {&call_, locked, &consents[1]},
                                             {&call_, unknown, &consents[2]},
                                             {&call_, free2, &consents[3]}};
  pqxx::nontransaction txn(conn_);
  auto recorded = RecordDataConsentsUnlessLocked(txn, decisions);  // must not wait for `holder`

  ASSERT_EQ(recorded.size(), 4u);
  ASSERT_TRUE(recorded[0].recorded.has_value());
  EXPECT_EQ(recorded[0].recorded->consent.description(), "first");
  EXPECT_EQ(recorded[0].recorded->consent.status(), v1::granted);
  EXPECT_FALSE(recorded[0].recorded->consent.recorded_at().empty());
  EXPECT_FALSE(recorded[1].recorded.has_value());
  EXPECT_FALSE(recorded[2].recorded.has_value());
  ASSERT_TRUE(recorded[3].recorded.has_value());
  EXPECT_EQ(recorded[3].recorded->consent.description(), "second");
  holder.abort();

  EXPECT_EQ(HistoryEntries(txn, free1), 1);
  EXPECT_EQ(HistoryEntries(txn, locked), 0);
  EXPECT_EQ(HistoryEntries(txn, free2), 1);
  auto stored = GetDataConsent(txn, call_, free2);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->consent.status(), v1::refused);
  EXPECT_EQ(stored->consent.recorded_at(), recorded[3].recorded->consent.recorded_at());
  EXPECT_EQ(recorded[3].recorded->version, 1);
  EXPECT_EQ(stored->version, 1);

  // A second decision for the same person bumps the version, in a batch or alone.
  auto again = RecordDataConsentsUnlessLocked(txn, {decisions[3], decisions[0]});
  ASSERT_TRUE(again[0].recorded && again[1].recorded);
  EXPECT_EQ(again[0].recorded->version, 2);
  auto alone = RecordDataConsent(txn, decisions[3]);
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone->version, 3);
}

TEST_F(PersonRepositoryTest, ABatchStoresEachDecisionsOwnSnapshotAndActor) {
  int a = NewPerson(), b = NewPerson();
  std::vector<v1::PersonDataConsent> consents{Decision(v1::granted, "for a"),
                                              Decision(v1::refused, "for b")};
  CallContext other_call = call_;
  other_call.principal = "someone else";
  other_call.request_id = "req-2";
  pqxx::nontransaction txn(conn_);
  auto recorded = RecordDataConsentsUnlessLocked(
      txn, {{&call_, a, &consents[0]}, {&other_call, b, &consents[1]}});
  ASSERT_TRUE(recorded[0].recorded && recorded[1].recorded);

  auto rows = txn.exec_params(
      "SELECT person_id, snapshot->>'description', snapshot->>'recordedAt', recorded_by,"
      " request_id FROM consent_history WHERE tenant = $1 ORDER BY person_id",
      call_.tenant);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as<int>(), a);
  EXPECT_EQ(rows[0][1].as<std::string>(), "for a");
  EXPECT_EQ(rows[0][2].as<std::string>(), recorded[0].recorded->consent.recorded_at());
  EXPECT_EQ(rows[0][3].as<std::string>(), "tester");
  EXPECT_EQ(rows[0][4].as<std::string>(), "req-1");
  EXPECT_EQ(rows[1][1].as<std::string>(), "for b");
  EXPECT_EQ(rows[1][3].as<std::string>(), "someone else");
  EXPECT_EQ(rows[1][4].as<std::string>(), "req-2");
}

// Keyed decisions in one batch statement: each key remembered with its decision, a key
// used before answered from what it remembered, a key a concurrent call holds skipped.
TEST_F(PersonRepositoryTest, ABatchRemembersKeysReplaysUsedOnesAndSkipsHeldOnes) {
  int a = NewPerson(), b = NewPerson(), c = NewPerson();
  std::vector<v1::PersonDataConsent> consents{
      Decision(v1::granted, "a"), Decision(v1::refused, "b"), Decision(v1::awaiting, "c")};
  IdempotencyKey ka = Key("ka", a, consents[0]), kc = Key("kc", c, consents[2]);
  pqxx::nontransaction txn(conn_);
  auto first = RecordDataConsentsUnlessLocked(
      txn, {{&call_, a, &consents[0], &ka}, {&call_, b, &consents[1]}});
  ASSERT_TRUE(first[0].recorded && first[1].recorded);
  EXPECT_EQ(txn.exec_params1("SELECT count(*) FROM idempotent_requests WHERE tenant = $1"
                             " AND method = 'SetPersonConsent' AND request_id = 'ka'"
                             " AND fingerprint IS NOT NULL AND version = 1",
                             call_.tenant)[0]
                .as<int>(),
            1);

  // A concurrent call holds kc: its decision is skipped, the others are not.
  pqxx::connection other(testing::SharedCluster().url());
  pqxx::work holder(other);
  holder.exec_params("SELECT pg_advisory_xact_lock(" + KeyLockIdSql("$1") + ")",
                     kc.LockName(call_));
  auto second = RecordDataConsentsUnlessLocked(
      txn,
      {{&call_, a, &consents[0], &ka}, {&call_, b, &consents[1]}, {&call_, c, &consents[2], &kc}});
  holder.abort();
  EXPECT_FALSE(second[0].recorded);
  ASSERT_TRUE(second[0].remembered);
  EXPECT_EQ(second[0].remembered->version, 1);
  EXPECT_EQ(second[0].remembered->fingerprint, ka.fingerprint);
  EXPECT_LT(second[0].remembered->age_seconds, 60);
  ASSERT_TRUE(second[1].recorded);
  EXPECT_EQ(second[1].recorded->version, 2);
  EXPECT_FALSE(second[2].recorded || second[2].remembered);
  EXPECT_EQ(HistoryEntries(txn, a), 1);
  EXPECT_EQ(HistoryEntries(txn, c), 0);
  // A batch of one keyed decision takes the same statement.
  auto alone = RecordDataConsentsUnlessLocked(txn, {{&call_, c, &consents[2], &kc}});
  ASSERT_TRUE(alone[0].recorded);
  EXPECT_EQ(HistoryEntries(txn, c), 1);
}

// Should a concurrent call commit a key after the batch's snapshot was taken, the batch
// fails on the key's primary key and writes nothing at all: no decision is recorded twice.
TEST_F(PersonRepositoryTest, AKeyCommittedAfterTheSnapshotFailsTheWholeBatch) {
  int a = NewPerson(), b = NewPerson();
  std::vector<v1::PersonDataConsent> consents{Decision(v1::granted, "a"),
                                              Decision(v1::refused, "b")};
  IdempotencyKey ka = Key("late", a, consents[0]);
  pqxx::connection other(testing::SharedCluster().url());
  pqxx::work first(other);  // the concurrent call, not committed yet (and not locking)
  first.exec_params(
      "INSERT INTO idempotent_requests (tenant, method, request_id, response)"
      " VALUES ($1, 'SetPersonConsent', 'late', '')",
      call_.tenant);
  auto batch = std::async(std::launch::async, [&] {
    pqxx::nontransaction txn(conn_);
    return RecordDataConsentsUnlessLocked(
        txn, {{&call_, a, &consents[0], &ka}, {&call_, b, &consents[1]}});
  });
  EXPECT_EQ(batch.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  first.commit();
  EXPECT_THROW(batch.get(), pqxx::unique_violation);
  pqxx::nontransaction txn(conn_);
  EXPECT_EQ(HistoryEntries(txn, a), 0);
  EXPECT_EQ(HistoryEntries(txn, b), 0);
}

}  // namespace
}  // namespace consent::persons
