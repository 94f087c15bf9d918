// ConsentPersonService against the real server and PostgreSQL: upsert, references to
// persons and list items, history entries, tenant isolation and concurrent saves.
#include <chrono>
#include <set>
#include <thread>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/server/consent_persons/consent_person_fixture.h"
#include "tests/support/concurrently.h"
#include "tests/support/grpc_test_util.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::InitialMetadata;
using testing::UniqueTenant;

TEST_F(ConsentPersonTest, SaveWithIdZeroCreatesAndAnswersFullItemsAndRights) {
  int person = CreatePerson();
  v1::ConsentPurpose purpose = CreatePurpose("Newsletter");
  v1::LegalBase legal_base = CreateLegalBase("Consent");
  v1::ConsentSource source = CreateSource("Web form");
  v1::ConsentPerson req = Request(person, purpose.consent_purpose_id(), "signed up");
  req.mutable_consent_purpose()->set_name("ignored: only the id is read");
  req.mutable_legal_base()->set_legal_base_id(legal_base.legal_base_id());
  req.mutable_consent_source()->set_consent_source_id(source.consent_source_id());
  auto ctx = Ctx();
  v1::ConsentPerson saved;
  grpc::Status s = Save(req, &saved, ctx.get());
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(saved.consent_person_id(), 0);
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"1\"");
  EXPECT_EQ(saved.person_id(), person);
  EXPECT_EQ(saved.comment(), "signed up");
  EXPECT_TRUE(MessageDifferencer::Equals(saved.consent_purpose(), purpose));
  EXPECT_TRUE(MessageDifferencer::Equals(saved.legal_base(), legal_base));
  EXPECT_TRUE(MessageDifferencer::Equals(saved.consent_source(), source));
  EXPECT_EQ(saved.table_right().mask(), "Select, Insert, Update, Delete");
  const auto& props = saved.field_properties();
  EXPECT_EQ(props.size(), 6u);
  EXPECT_EQ(props.at("ConsentPersonId").field_type(), "System.Int32");
  EXPECT_EQ(props.at("PersonId").field_type(), "System.Int32");
  EXPECT_EQ(props.at("Comment").field_type(), "System.String");
  EXPECT_EQ(props.at("Comment").field_length(), 2000);
  EXPECT_EQ(props.at("ConsentPurpose").field_type(), "ConsentPurpose");

  v1::ConsentPerson read;
  ASSERT_TRUE(Get(saved.consent_person_id(), &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read, saved));
}

// The sample request of SuperOffice SaveConsentPerson: ConsentSource, LegalBase and
// ConsentPurpose null.
constexpr char kSaveConsentPersonSample[] = R"({
  "ConsentPersonId": 0,
  "ConsentSource": null,
  "LegalBase": null,
  "PersonId": 452,
  "ConsentPurpose": null,
  "Comment": "harum"
})";

TEST_F(ConsentPersonTest, SaveConsentPersonSampleShape) {
  v1::ConsentPerson req;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(kSaveConsentPersonSample, &req).ok());
  req.set_person_id(CreatePerson());
  v1::ConsentPerson out;
  ASSERT_TRUE(Save(req, &out).ok());  // all three references null, as in the sample
  EXPECT_GT(out.consent_person_id(), 0);
  EXPECT_FALSE(out.has_consent_purpose());
  req.set_consent_person_id(0);

  // With a purpose, null LegalBase/ConsentSource are fine and answer null.
  req.mutable_consent_purpose()->set_consent_purpose_id(
      CreatePurpose("Process").consent_purpose_id());
  ASSERT_TRUE(Save(req, &out).ok());
  EXPECT_EQ(out.comment(), "harum");
  EXPECT_FALSE(out.has_legal_base());
  EXPECT_FALSE(out.has_consent_source());
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(out, &json).ok());
  EXPECT_NE(json.find("\"ConsentPurpose\":{"), std::string::npos);

  // The sample's ConsentPersonId 86 is not ours: an update of an unknown record.
  req.set_consent_person_id(86);
  EXPECT_EQ(Save(req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ConsentPersonTest, RequiredFieldsAndCommentLengthAreFieldViolations) {
  v1::ConsentPerson req;
  req.set_comment(std::string(2001, 'c'));
  v1::ConsentPerson out;
  grpc::Status s = Save(req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(s), (std::vector<std::string>{"PersonId", "Comment"}));
  // SaveConsentPerson's sample saves with ConsentPurpose null: a purpose with id 0 is no
  // purpose, and allowed.
  int person = CreatePerson();
  ASSERT_TRUE(Save(Request(person, 0), &out).ok());
  EXPECT_FALSE(out.has_consent_purpose());
  EXPECT_TRUE(
      Save(Request(person, CreatePurpose("P").consent_purpose_id(), std::string(2000, 'c')), &out)
          .ok());
  EXPECT_EQ(History(person).size(), 2u);
}

TEST_F(ConsentPersonTest, UnknownDeletedOrOtherTenantsPersonIsNotFound) {
  int purpose = CreatePurpose("P").consent_purpose_id();
  v1::ConsentPerson out;
  grpc::Status s = Save(Request(987654321, purpose), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "person 987654321 not found");
  EXPECT_EQ(Save(Request(CreatePerson(UniqueTenant()), purpose), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  int deleted = CreatePerson();
  v1::DeletePersonRequest del;
  del.set_person_id(deleted);
  google::protobuf::Empty empty;
  ASSERT_TRUE(persons_->DeletePerson(Ctx().get(), del, &empty).ok());
  EXPECT_EQ(Save(Request(deleted, purpose), &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

// Missing references, references of the wrong kind and other tenants' items are field
// violations on the referencing property, and nothing is saved.
TEST_F(ConsentPersonTest, ReferencesMustExistWithTheRightKind) {
  int person = CreatePerson();
  v1::LegalBase legal_base = CreateLegalBase("LB");
  v1::ConsentSource source = CreateSource("Src");
  v1::ConsentPerson out;

  v1::ConsentPerson wrong_kind = Request(person, legal_base.legal_base_id());
  wrong_kind.mutable_legal_base()->set_legal_base_id(source.consent_source_id());
  wrong_kind.mutable_consent_source()->set_consent_source_id(987654321);
  grpc::Status s = Save(wrong_kind, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(s),
            (std::vector<std::string>{"ConsentPurpose", "LegalBase", "ConsentSource"}));

  v1::ConsentPurpose foreign = CreatePurpose("Theirs", UniqueTenant());
  EXPECT_EQ(wire::ViolatedFields(Save(Request(person, foreign.consent_purpose_id()), &out)),
            std::vector<std::string>{"ConsentPurpose"});
  EXPECT_TRUE(History(person).empty());
}

TEST_F(ConsentPersonTest, SoftDeletedItemsCanStillBeReferenced) {
  int person = CreatePerson();
  v1::ConsentPurpose purpose = CreatePurpose("Retired");
  v1::ListItemId id;
  id.set_id(purpose.consent_purpose_id());
  google::protobuf::Empty empty;
  ASSERT_TRUE(lists_->DeleteConsentPurpose(Ctx().get(), id, &empty).ok());
  v1::ConsentPerson saved = MustSave(Request(person, purpose.consent_purpose_id()));
  EXPECT_TRUE(saved.consent_purpose().deleted());
}

TEST_F(ConsentPersonTest, UpdateChangesTheRecordAndHistoryKeepsBothVersions) {
  int person = CreatePerson();
  int purpose = CreatePurpose("First").consent_purpose_id();
  v1::LegalBase legal_base = CreateLegalBase("LB");
  v1::ConsentPerson req = Request(person, purpose, "first");
  req.mutable_legal_base()->set_legal_base_id(legal_base.legal_base_id());
  v1::ConsentPerson created = MustSave(req);

  v1::ConsentPerson update = Request(person, CreatePurpose("Second").consent_purpose_id(), "2nd");
  update.set_consent_person_id(created.consent_person_id());
  auto ctx = Ctx();
  v1::ConsentPerson updated;
  ASSERT_TRUE(Save(update, &updated, ctx.get()).ok());
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"2\"");
  EXPECT_EQ(updated.consent_person_id(), created.consent_person_id());
  EXPECT_EQ(updated.consent_purpose().name(), "Second");
  EXPECT_FALSE(updated.has_legal_base());
  EXPECT_EQ(updated.comment(), "2nd");

  auto history = History(person);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].kind(), "ConsentPerson");
  EXPECT_EQ(history[0].action(), "update");
  EXPECT_EQ(history[1].action(), "create");
  EXPECT_TRUE(MessageDifferencer::Equals(history[0].consent_person(), WithoutRights(updated)));
  EXPECT_TRUE(MessageDifferencer::Equals(history[1].consent_person(), WithoutRights(created)));
}

TEST_F(ConsentPersonTest, OtherTenantCannotReadOrUpdateAndNothingChanges) {
  int person = CreatePerson();
  v1::ConsentPerson mine = MustSave(Request(person, CreatePurpose("P").consent_purpose_id(), "x"));
  std::string other = UniqueTenant();
  v1::ConsentPerson out;
  EXPECT_EQ(Get(mine.consent_person_id(), &out, other).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::ConsentPerson hijack =
      Request(CreatePerson(other), CreatePurpose("Q", other).consent_purpose_id());
  hijack.set_consent_person_id(mine.consent_person_id());
  EXPECT_EQ(Save(hijack, &out, Ctx(other).get()).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Get(mine.consent_person_id(), &out).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(out, mine));
  EXPECT_EQ(History(person).size(), 1u);
  EXPECT_EQ(Get(987654321, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ConsentPersonTest, IfMatchMismatchIsFailedPrecondition) {
  int person = CreatePerson();
  v1::ConsentPerson saved = MustSave(Request(person, CreatePurpose("P").consent_purpose_id()));
  v1::ConsentPerson update = Request(person, saved.consent_purpose().consent_purpose_id(), "new");
  update.set_consent_person_id(saved.consent_person_id());
  auto stale = Ctx();
  stale->AddMetadata("if-match", "\"5\"");
  v1::ConsentPerson out;
  EXPECT_EQ(Save(update, &out, stale.get()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(History(person).size(), 1u);
  auto current = Ctx();
  current->AddMetadata("if-match", "\"1\"");
  EXPECT_TRUE(Save(update, &out, current.get()).ok());
}

// 16 concurrent updates of one record: each is applied and recorded exactly once, in the
// order they were applied, so the final state is the newest history entry.
TEST_F(ConsentPersonTest, ConcurrentSavesOfOneRecordLoseNothing) {
  int person = CreatePerson();
  std::vector<int> purposes;
  for (int i = 0; i < 4; ++i)
    purposes.push_back(CreatePurpose("P" + std::to_string(i)).consent_purpose_id());
  v1::ConsentPerson created = MustSave(Request(person, purposes[0], "initial"));
  constexpr int kWriters = 16;
  std::vector<grpc::Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      v1::ConsentPerson req =
          Request(person, purposes[i % purposes.size()], "writer " + std::to_string(i));
      req.set_consent_person_id(created.consent_person_id());
      v1::ConsentPerson out;
      results[i] = Save(req, &out);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.error_message();

  auto history = History(person);
  ASSERT_EQ(history.size(), static_cast<size_t>(kWriters + 1));
  std::set<std::string> comments;
  for (const auto& entry : history) comments.insert(entry.consent_person().comment());
  EXPECT_EQ(comments.size(), static_cast<size_t>(kWriters + 1));
  EXPECT_EQ(history.back().action(), "create");
  auto ctx = Ctx();
  v1::GetConsentPersonRequest get;
  get.set_consent_person_id(created.consent_person_id());
  v1::ConsentPerson final_state;
  ASSERT_TRUE(stub_->GetConsentPerson(ctx.get(), get, &final_state).ok());
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"" + std::to_string(kWriters + 1) + "\"");
  EXPECT_TRUE(
      MessageDifferencer::Equals(history.front().consent_person(), WithoutRights(final_state)))
      << history.front().consent_person().DebugString() << "\nvs\n"
      << final_state.DebugString();
}

// Optimistic concurrency: 16 saves all sending If-Match of the same version. The test holds
// the record's row lock (straight in PostgreSQL) until at least two saves are queued behind
// it, so they are truly concurrent. The server checks If-Match and writes under its own row
// lock, so exactly one wins; without that lock every queued writer would have read version
// 1 and all would overwrite each other.
TEST_F(ConsentPersonTest, ConcurrentSavesWithTheSameIfMatchLetExactlyOneWin) {
  int person = CreatePerson();
  v1::ConsentPerson created =
      MustSave(Request(person, CreatePurpose("P").consent_purpose_id(), "initial"));
  pqxx::connection db(testing::SharedCluster().url());
  pqxx::work holder(db);
  holder.exec_params(
      "SELECT 1 FROM consent_persons WHERE tenant = $1 AND consent_person_id = $2"
      " FOR UPDATE",
      tenant_, created.consent_person_id());

  constexpr int kWriters = 16;
  std::vector<grpc::Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      v1::ConsentPerson req = Request(person, created.consent_purpose().consent_purpose_id(),
                                      "writer " + std::to_string(i));
      req.set_consent_person_id(created.consent_person_id());
      auto ctx = Ctx();
      ctx->AddMetadata("if-match", "\"1\"");
      v1::ConsentPerson out;
      results[i] = Save(req, &out, ctx.get());
    });
  }
  pqxx::connection observer(testing::SharedCluster().url());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int waiting = 0;
  while (waiting < 2 && std::chrono::steady_clock::now() < deadline) {
    pqxx::nontransaction q(observer);
    waiting = q.exec1(
                   "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                   " AND datname = current_database()")[0]
                  .as<int>();
  }
  EXPECT_GE(waiting, 2);
  holder.commit();
  for (auto& t : threads) t.join();

  int ok = 0;
  for (const auto& r : results) {
    if (r.ok())
      ++ok;
    else
      EXPECT_EQ(r.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << r.error_message();
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(History(person).size(), 2u);
}

// A save with an idempotency key (request_id) is made once: a retry answers with the first
// save's record and ETag, a create creates one record, and history has one entry.
TEST_F(ConsentPersonTest, ASaveRetriedWithItsKeyAnswersTheFirstSaveAndWritesOnce) {
  int person = CreatePerson();
  int purpose = CreatePurpose("Newsletter").consent_purpose_id();
  v1::ConsentPerson first, retried;
  auto ctx = Ctx();
  ASSERT_TRUE(Save(Request(person, purpose, "signed up"), &first, ctx.get(), "save-1").ok());
  auto retry_ctx = Ctx();
  grpc::Status retry =
      Save(Request(person, purpose, "signed up"), &retried, retry_ctx.get(), "save-1");
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(retried, first));  // rights included
  EXPECT_EQ(InitialMetadata(*retry_ctx, "etag"), InitialMetadata(*ctx, "etag"));
  EXPECT_EQ(History(person).size(), 1u);

  // An update with a key, retried after another change: still the first update's answer.
  v1::ConsentPerson update = Request(person, purpose, "changed");
  update.set_consent_person_id(first.consent_person_id());
  v1::ConsentPerson updated, replayed;
  ASSERT_TRUE(Save(update, &updated, nullptr, "update-1").ok());
  ASSERT_TRUE(Save(Request(person, purpose, "later"), &retried).ok());  // a second record
  auto replay_ctx = Ctx();
  ASSERT_TRUE(Save(update, &replayed, replay_ctx.get(), "update-1").ok());
  EXPECT_EQ(replayed.comment(), "changed");
  EXPECT_EQ(InitialMetadata(*replay_ctx, "etag"), "\"2\"");
  EXPECT_EQ(History(person).size(), 3u);
}

TEST_F(ConsentPersonTest, ASaveKeyIsRefusedForAnotherRequestOrWhenMalformedAndIsPerTenant) {
  int person = CreatePerson();
  int purpose = CreatePurpose("Newsletter").consent_purpose_id();
  v1::ConsentPerson out;
  ASSERT_TRUE(Save(Request(person, purpose, "one"), &out, nullptr, "k").ok());
  grpc::Status other = Save(Request(person, purpose, "two"), &out, nullptr, "k");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(other), std::vector<std::string>{"requestId"});
  grpc::Status malformed =
      Save(Request(person, purpose, "three"), &out, nullptr, std::string(200, 'k'));
  EXPECT_EQ(wire::ViolatedFields(malformed), std::vector<std::string>{"requestId"});
  EXPECT_EQ(History(person).size(), 1u);

  const std::string tenant = UniqueTenant();
  int their_person = CreatePerson(tenant);
  int their_purpose = CreatePurpose("Theirs", tenant).consent_purpose_id();
  auto ctx = Ctx(tenant);
  ASSERT_TRUE(Save(Request(their_person, their_purpose, "one"), &out, ctx.get(), "k").ok());
  EXPECT_EQ(out.person_id(), their_person);
}

TEST_F(ConsentPersonTest, ConcurrentSavesWithOneKeyCreateOneRecord) {
  int person = CreatePerson();
  int purpose = CreatePurpose("Newsletter").consent_purpose_id();
  auto saved = testing::RunConcurrently(8, [&](int) {
    v1::ConsentPerson out;
    grpc::Status status = Save(Request(person, purpose, "once"), &out, nullptr, "one-key");
    return std::make_pair(status.ok(), out.consent_person_id());
  });
  for (const auto& [ok, id] : saved) {
    EXPECT_TRUE(ok);
    EXPECT_EQ(id, saved[0].second);
  }
  EXPECT_EQ(History(person).size(), 1u);
}

}  // namespace
}  // namespace consent
