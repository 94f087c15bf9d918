// Idempotency keys (request_id) of SetPersonConsent and CreatePerson over a real gRPC
// channel against the real server and PostgreSQL: a retry answers as the first call did and
// records nothing more, in the group commit and alone.
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/server/persons/batch_refuser.h"
#include "tests/support/concurrently.h"
#include "tests/support/grpc_test_util.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using testing::SharedServer;
using testing::TenantContext;
using testing::UniqueTenant;

struct Answer {
  grpc::Status status;
  std::string etag;
};

class DataConsentIdempotencyTest : public ::testing::Test {
 protected:
  std::unique_ptr<v1::PersonService::Stub> stub_ =
      v1::PersonService::NewStub(SharedServer().Channel());
  std::string tenant_ = UniqueTenant();

  int NewPerson(const std::string& tenant = "") {
    v1::CreatePersonRequest req;
    req.mutable_person()->set_first_name("Ada");
    v1::Person out;
    EXPECT_TRUE(
        stub_->CreatePerson(TenantContext(tenant.empty() ? tenant_ : tenant).get(), req, &out)
            .ok());
    return out.person_id();
  }

  static v1::SetPersonConsentRequest Decision(int person_id, v1::ConsentStatus status,
                                              const std::string& key,
                                              const std::string& description = "form") {
    v1::SetPersonConsentRequest req;
    req.set_person_id(person_id);
    req.mutable_consent()->set_status(status);
    req.mutable_consent()->set_medium(v1::click);
    req.mutable_consent()->set_description(description);
    req.set_request_id(key);
    return req;
  }

  Answer Set(const v1::SetPersonConsentRequest& req, const std::string& tenant = "",
             const std::string& if_match = "") {
    auto ctx = TenantContext(tenant.empty() ? tenant_ : tenant);
    if (!if_match.empty()) ctx->AddMetadata("if-match", if_match);
    google::protobuf::Empty out;
    grpc::Status status = stub_->SetPersonConsent(ctx.get(), req, &out);
    return {status, status.ok() ? testing::InitialMetadata(*ctx, "etag") : ""};
  }

  v1::ListConsentHistoryResponse History(int person_id, const std::string& tenant = "") {
    v1::ListConsentHistoryRequest req;
    req.set_person_id(person_id);
    req.set_page_size(100);
    v1::ListConsentHistoryResponse history;
    EXPECT_TRUE(stub_
                    ->ListConsentHistory(TenantContext(tenant.empty() ? tenant_ : tenant).get(),
                                         req, &history)
                    .ok());
    return history;
  }

  v1::PersonDataConsent Current(int person_id) {
    v1::GetPersonConsentRequest get;
    get.set_person_id(person_id);
    v1::PersonDataConsent current;
    EXPECT_TRUE(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &current).ok());
    return current;
  }
};

TEST_F(DataConsentIdempotencyTest, ARetryWithTheSameKeyAnswersAsTheFirstCallAndRecordsOnce) {
  int id = NewPerson();
  Answer first = Set(Decision(id, v1::granted, "key-1"));
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(first.etag, "\"1\"");
  for (int retry = 0; retry < 3; ++retry) {
    Answer again = Set(Decision(id, v1::granted, "key-1"));
    ASSERT_TRUE(again.status.ok()) << again.status.error_message();
    EXPECT_EQ(again.etag, "\"1\"");
  }
  EXPECT_EQ(History(id).entries_size(), 1);
  // A new key is a new decision.
  Answer next = Set(Decision(id, v1::granted, "key-2"));
  ASSERT_TRUE(next.status.ok());
  EXPECT_EQ(next.etag, "\"2\"");
  EXPECT_EQ(History(id).entries_size(), 2);
  // And a decision without a key is recorded every time, as before.
  ASSERT_TRUE(Set(Decision(id, v1::granted, "")).status.ok());
  ASSERT_TRUE(Set(Decision(id, v1::granted, "")).status.ok());
  EXPECT_EQ(History(id).entries_size(), 4);
}

TEST_F(DataConsentIdempotencyTest, TheSameKeyWithAnotherRequestIsRefusedAndChangesNothing) {
  int id = NewPerson(), other = NewPerson();
  ASSERT_TRUE(Set(Decision(id, v1::granted, "key-1")).status.ok());
  for (const v1::SetPersonConsentRequest& changed :
       {Decision(id, v1::refused, "key-1"), Decision(id, v1::granted, "key-1", "another text"),
        Decision(other, v1::granted, "key-1")}) {
    Answer refused = Set(changed);
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(wire::ViolatedFields(refused.status), std::vector<std::string>{"requestId"});
  }
  // The same request with another precondition is another request too.
  EXPECT_EQ(Set(Decision(id, v1::granted, "key-1"), "", "\"1\"").status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Current(id).status(), v1::granted);
  EXPECT_EQ(History(id).entries_size(), 1);
  EXPECT_EQ(History(other).entries_size(), 0);
}

TEST_F(DataConsentIdempotencyTest, KeysArePerTenantAndPerRpc) {
  const std::string other_tenant = UniqueTenant();
  int mine = NewPerson(), theirs = NewPerson(other_tenant);
  ASSERT_TRUE(Set(Decision(mine, v1::granted, "shared-key")).status.ok());
  Answer other = Set(Decision(theirs, v1::refused, "shared-key"), other_tenant);
  ASSERT_TRUE(other.status.ok()) << other.status.error_message();
  EXPECT_EQ(History(theirs, other_tenant).entries_size(), 1);
  EXPECT_EQ(History(theirs, other_tenant).entries(0).data_consent().status(), v1::refused);

  // CreatePerson with the same key in the same tenant is another RPC's key.
  v1::CreatePersonRequest create;
  create.set_request_id("shared-key");
  v1::Person created;
  ASSERT_TRUE(stub_->CreatePerson(TenantContext(tenant_).get(), create, &created).ok());
  EXPECT_NE(created.person_id(), 0);
}

TEST_F(DataConsentIdempotencyTest, AnInvalidKeyIsAFieldViolationAndRecordsNothing) {
  int id = NewPerson();
  for (const std::string& bad :
       {std::string(129, 'k'), std::string("t\tb"), std::string("caf\xc3\xa9")}) {
    Answer refused = Set(Decision(id, v1::granted, bad));
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(wire::ViolatedFields(refused.status), std::vector<std::string>{"requestId"});
    v1::CreatePersonRequest create;
    create.set_request_id(bad);
    v1::Person created;
    EXPECT_EQ(
        wire::ViolatedFields(stub_->CreatePerson(TenantContext(tenant_).get(), create, &created)),
        std::vector<std::string>{"requestId"});
  }
  EXPECT_TRUE(Set(Decision(id, v1::granted, std::string(128, 'k'))).status.ok());
  EXPECT_EQ(History(id).entries_size(), 1);
}

TEST_F(DataConsentIdempotencyTest, ConcurrentCallsWithOneKeyRecordOnceAndAllGetTheAnswer) {
  int id = NewPerson();
  auto answers =
      testing::RunConcurrently(16, [&](int) { return Set(Decision(id, v1::granted, "one-key")); });
  for (const Answer& answer : answers) {
    ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
    EXPECT_EQ(answer.etag, "\"1\"");
  }
  EXPECT_EQ(History(id).entries_size(), 1);
}

// While installed, counts the statements that remember more than one of `tenant`'s keys:
// keys remembered inside a group-committed batch.
class KeyBatchCounter {
 public:
  explicit KeyBatchCounter(const std::string& tenant) : conn_(testing::SharedCluster().url()) {
    pqxx::nontransaction sql(conn_);
    sql.exec("CREATE SEQUENCE keyed_batches");
    sql.exec(
        "CREATE FUNCTION count_keyed_batches() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF (SELECT count(*) FROM remembered WHERE tenant = " +
        sql.quote(tenant) +
        ") > 1 THEN PERFORM nextval('keyed_batches'); END IF; RETURN NULL; END $$");
    sql.exec(
        "CREATE TRIGGER count_keyed_batches AFTER INSERT ON idempotent_requests"
        " REFERENCING NEW TABLE AS remembered FOR EACH STATEMENT"
        " EXECUTE FUNCTION count_keyed_batches()");
  }
  ~KeyBatchCounter() {
    pqxx::nontransaction sql(conn_);
    sql.exec("DROP FUNCTION count_keyed_batches() CASCADE");
    sql.exec("DROP SEQUENCE keyed_batches");
  }
  int batches() {
    pqxx::nontransaction sql(conn_);
    return sql
        .exec("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM keyed_batches")[0][0]
        .as<int>();
  }

 private:
  pqxx::connection conn_;
};

// Keyed decisions share the group commit's statements, each remembered with its decision,
// and every retry of them, concurrent again, replays its own answer.
TEST_F(DataConsentIdempotencyTest, KeyedDecisionsAreGroupCommittedAndEachRetryReplaysItsOwn) {
  KeyBatchCounter counter(tenant_);
  constexpr int kCalls = 48;
  for (int round = 0; round < 5 && counter.batches() == 0; ++round) {
    std::vector<int> ids;
    for (int i = 0; i < kCalls; ++i) ids.push_back(NewPerson());
    auto key = [&](int i) { return "r" + std::to_string(round) + "-" + std::to_string(i); };
    auto first = testing::RunConcurrently(kCalls, [&](int i) {
      return Set(Decision(ids[i], i % 2 ? v1::granted : v1::refused, key(i)));
    });
    // Half of them already recorded once more without a key: the replay keeps the first
    // answer's ETag, not the person's current one.
    for (int i = 0; i < kCalls; i += 2)
      ASSERT_TRUE(Set(Decision(ids[i], v1::granted, "")).status.ok());
    auto retried = testing::RunConcurrently(kCalls, [&](int i) {
      return Set(Decision(ids[i], i % 2 ? v1::granted : v1::refused, key(i)));
    });
    for (int i = 0; i < kCalls; ++i) {
      ASSERT_TRUE(first[i].status.ok()) << i << ": " << first[i].status.error_message();
      ASSERT_TRUE(retried[i].status.ok()) << i << ": " << retried[i].status.error_message();
      EXPECT_EQ(first[i].etag, "\"1\"") << i;
      EXPECT_EQ(retried[i].etag, "\"1\"") << i;
      EXPECT_EQ(History(ids[i]).entries_size(), i % 2 ? 1 : 2) << i;
    }
  }
  EXPECT_GT(counter.batches(), 0) << "no batch remembered several keys in 5 rounds";
}

TEST_F(DataConsentIdempotencyTest, KeyedDecisionsOfAFailedBatchAreEachWrittenAloneOnce) {
  testing::BatchRefuser refuser(tenant_);
  constexpr int kCalls = 48;
  for (int round = 0; round < 5 && refuser.refused() == 0; ++round) {
    std::vector<int> ids;
    for (int i = 0; i < kCalls; ++i) ids.push_back(NewPerson());
    auto key = [&](int i) { return "f" + std::to_string(round) + "-" + std::to_string(i); };
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto answers = testing::RunConcurrently(
          kCalls, [&](int i) { return Set(Decision(ids[i], v1::granted, key(i))); });
      for (int i = 0; i < kCalls; ++i) {
        ASSERT_TRUE(answers[i].status.ok()) << i << ": " << answers[i].status.error_message();
        EXPECT_EQ(answers[i].etag, "\"1\"") << i;
      }
    }
    for (int id : ids) ASSERT_EQ(History(id).entries_size(), 1);
  }
  EXPECT_GT(refuser.refused(), 0) << "no batch of several decisions formed in 5 rounds";
}

// The case of the issue: the decision commits but its answer never reaches the client (here
// the client's deadline passes while the decision waits for a row lock); the client's
// retry with the same key gets the answer and the decision is recorded once.
TEST_F(DataConsentIdempotencyTest, AnAnswerLostAfterTheCommitIsRecoveredByARetry) {
  int id = NewPerson();
  pqxx::connection conn(testing::SharedCluster().url());
  pqxx::work holder(conn);
  holder.exec_params("SELECT 1 FROM persons WHERE tenant = $1 AND person_id = $2 FOR UPDATE",
                     tenant_, id);
  auto ctx = TenantContext(tenant_);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  google::protobuf::Empty out;
  grpc::Status lost = stub_->SetPersonConsent(ctx.get(), Decision(id, v1::granted, "lost"), &out);
  EXPECT_EQ(lost.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  holder.commit();  // the server's statement goes on and commits

  Answer retry = Set(Decision(id, v1::granted, "lost"));
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.etag, "\"1\"");
  EXPECT_EQ(History(id).entries_size(), 1);
}

// A retry of a decision that was made under If-Match replays its answer, though the ETag
// it named is stale by now (the first call changed it).
TEST_F(DataConsentIdempotencyTest, ARetryOfAnIfMatchDecisionReplaysInsteadOfFailing) {
  int id = NewPerson();
  ASSERT_TRUE(Set(Decision(id, v1::granted, "")).status.ok());
  Answer first = Set(Decision(id, v1::refused, "guarded"), "", "\"1\"");
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(first.etag, "\"2\"");
  Answer retry = Set(Decision(id, v1::refused, "guarded"), "", "\"1\"");
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.etag, "\"2\"");
  EXPECT_EQ(History(id).entries_size(), 2);
}

TEST_F(DataConsentIdempotencyTest, AFailedCallRemembersNothing) {
  Answer unknown = Set(Decision(987654321, v1::granted, "nobody"));
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Set(Decision(987654321, v1::granted, "nobody")).status.error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(DataConsentIdempotencyTest, CreatePersonRefusesAKeyReusedForAnotherPerson) {
  v1::CreatePersonRequest create;
  create.mutable_person()->set_first_name("Cy");
  create.set_request_id("create-1");
  v1::Person first, again;
  auto ctx = TenantContext(tenant_);
  ASSERT_TRUE(stub_->CreatePerson(ctx.get(), create, &first).ok());
  auto retry = TenantContext(tenant_);
  ASSERT_TRUE(stub_->CreatePerson(retry.get(), create, &again).ok());
  EXPECT_EQ(again.person_id(), first.person_id());
  EXPECT_EQ(testing::InitialMetadata(*retry, "etag"), "\"1\"");
  EXPECT_EQ(testing::InitialMetadata(*retry, "location"),
            "/v1/persons/" + std::to_string(first.person_id()));
  create.mutable_person()->set_first_name("Dee");
  grpc::Status refused = stub_->CreatePerson(TenantContext(tenant_).get(), create, &again);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(refused), std::vector<std::string>{"requestId"});
}

}  // namespace
}  // namespace consent
