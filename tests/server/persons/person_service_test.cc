// PersonService over a real gRPC channel against the real server and PostgreSQL.
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>
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

class PersonServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<v1::PersonService::Stub> stub_ =
      v1::PersonService::NewStub(SharedServer().Channel());
  std::string tenant_ = UniqueTenant();

  v1::Person Create(const std::string& first, const std::string& email = "a@example.com",
                    const std::string& tenant = "") {
    v1::CreatePersonRequest req;
    req.mutable_person()->set_first_name(first);
    req.mutable_person()->set_email(email);
    v1::Person out;
    auto ctx = TenantContext(tenant.empty() ? tenant_ : tenant);
    grpc::Status s = stub_->CreatePerson(ctx.get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status SetConsent(int person_id, v1::ConsentStatus status, v1::ConsentMedium medium,
                          const std::string& description = "") {
    v1::SetPersonConsentRequest req;
    req.set_person_id(person_id);
    req.mutable_consent()->set_status(status);
    req.mutable_consent()->set_medium(medium);
    req.mutable_consent()->set_description(description);
    google::protobuf::Empty out;
    return stub_->SetPersonConsent(TenantContext(tenant_).get(), req, &out);
  }
};

TEST_F(PersonServiceTest, CreateThenGetReturnsThePerson) {
  v1::Person created = Create("Ada", "ada@example.com");
  ASSERT_GT(created.person_id(), 0);
  v1::GetPersonRequest get;
  get.set_person_id(created.person_id());
  v1::Person read;
  ASSERT_TRUE(stub_->GetPerson(TenantContext(tenant_).get(), get, &read).ok());
  EXPECT_EQ(read.first_name(), "Ada");
  EXPECT_EQ(read.email(), "ada@example.com");
}

TEST_F(PersonServiceTest, CreateAnswersCreatedWithLocationMetadata) {
  v1::CreatePersonRequest req;
  req.mutable_person()->set_first_name("Bo");
  auto ctx = TenantContext(tenant_);
  v1::Person out;
  ASSERT_TRUE(stub_->CreatePerson(ctx.get(), req, &out).ok());
  const auto& md = ctx->GetServerInitialMetadata();
  ASSERT_EQ(md.count("x-http-status"), 1u);
  EXPECT_EQ(
      std::string(md.find("x-http-status")->second.data(), md.find("x-http-status")->second.size()),
      "201");
  auto location = md.find("location");
  ASSERT_NE(location, md.end());
  EXPECT_EQ(std::string(location->second.data(), location->second.size()),
            "/v1/persons/" + std::to_string(out.person_id()));
}

TEST_F(PersonServiceTest, CreateWithSameRequestIdIsIdempotent) {
  v1::CreatePersonRequest req;
  req.mutable_person()->set_first_name("Cy");
  req.set_request_id("req-1");
  v1::Person first, second;
  ASSERT_TRUE(stub_->CreatePerson(TenantContext(tenant_).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreatePerson(TenantContext(tenant_).get(), req, &second).ok());
  EXPECT_EQ(first.person_id(), second.person_id());
  v1::ListPersonsResponse list;
  ASSERT_TRUE(stub_->ListPersons(TenantContext(tenant_).get(), {}, &list).ok());
  EXPECT_EQ(list.persons_size(), 1);
}

TEST_F(PersonServiceTest, InvalidEmailIsAFieldViolation) {
  v1::CreatePersonRequest req;
  req.mutable_person()->set_email("not-an-address");
  v1::Person out;
  grpc::Status s = stub_->CreatePerson(TenantContext(tenant_).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(s), std::vector<std::string>{"Email"});
}

// PostgreSQL's text holds no NUL: a value with one is refused naming its property, never
// stored cut short (it used to be stored as "a") nor failing as a database error.
TEST_F(PersonServiceTest, TextWithANulCharacterIsRefusedNamingItsPropertyAndStoresNothing) {
  v1::CreatePersonRequest req;
  req.mutable_person()->set_first_name(std::string("a\0b", 3));
  v1::Person out;
  grpc::Status s = stub_->CreatePerson(TenantContext(tenant_).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(s), std::vector<std::string>{"FirstName"});
  v1::ListPersonsResponse list;
  ASSERT_TRUE(stub_->ListPersons(TenantContext(tenant_).get(), {}, &list).ok());
  EXPECT_EQ(list.persons_size(), 0);

  v1::Person person = Create("Ada");
  EXPECT_EQ(
      SetConsent(person.person_id(), v1::granted, v1::email, std::string("x\0y", 3)).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  v1::GetPersonConsentRequest get;
  get.set_person_id(person.person_id());
  v1::PersonDataConsent consent;
  EXPECT_EQ(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &consent).error_code(),
            grpc::StatusCode::NOT_FOUND);  // no decision was recorded
}

// A row lock held elsewhere (a long transaction, an operator's session) bounds the wait of
// the writes that need it (lock_timeout: UNAVAILABLE, REST 503) and leaves every other
// person's writes alone.
TEST_F(PersonServiceTest, AHeldRowLockBoundsItsWritersAndLeavesOthersAlone) {
  v1::Person hot = Create("Hot"), cold = Create("Cold");
  pqxx::connection admin(testing::SharedCluster().url());
  pqxx::work holding(admin);
  holding.exec_params("SELECT 1 FROM persons WHERE person_id = $1 FOR UPDATE", hot.person_id());
  grpc::Status blocked = SetConsent(hot.person_id(), v1::granted, v1::email);
  EXPECT_EQ(blocked.error_code(), grpc::StatusCode::UNAVAILABLE) << blocked.error_message();
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(SetConsent(cold.person_id(), i % 2 ? v1::granted : v1::refused, v1::email).ok());
  }
  holding.abort();
  EXPECT_TRUE(SetConsent(hot.person_id(), v1::granted, v1::email).ok());
}

TEST_F(PersonServiceTest, NoCredentialIsRefusedWithAChallenge) {
  grpc::ClientContext ctx;
  ctx.AddMetadata("customer-id", tenant_);
  v1::CreatePersonRequest req;
  v1::Person out;
  grpc::Status s = stub_->CreatePerson(&ctx, req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto challenge = ctx.GetServerTrailingMetadata().find("www-authenticate");
  ASSERT_NE(challenge, ctx.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(challenge->second.data(), challenge->second.size()),
            "Bearer realm=\"consent\"");
}

TEST_F(PersonServiceTest, OtherTenantCannotReadOrDeleteOrSetConsent) {
  v1::Person mine = Create("Mine");
  std::string other = UniqueTenant();
  v1::GetPersonRequest get;
  get.set_person_id(mine.person_id());
  v1::Person read;
  EXPECT_EQ(stub_->GetPerson(TenantContext(other).get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::DeletePersonRequest del;
  del.set_person_id(mine.person_id());
  google::protobuf::Empty empty;
  EXPECT_EQ(stub_->DeletePerson(TenantContext(other).get(), del, &empty).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::SetPersonConsentRequest set;
  set.set_person_id(mine.person_id());
  set.mutable_consent()->set_status(v1::granted);
  EXPECT_EQ(stub_->SetPersonConsent(TenantContext(other).get(), set, &empty).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // And the owner still sees it unchanged.
  EXPECT_TRUE(stub_->GetPerson(TenantContext(tenant_).get(), get, &read).ok());
}

TEST_F(PersonServiceTest, DeleteHidesThePersonButKeepsHistory) {
  v1::Person p = Create("Del");
  ASSERT_TRUE(SetConsent(p.person_id(), v1::granted, v1::email).ok());
  v1::DeletePersonRequest del;
  del.set_person_id(p.person_id());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeletePerson(TenantContext(tenant_).get(), del, &empty).ok());
  v1::GetPersonRequest get;
  get.set_person_id(p.person_id());
  v1::Person read;
  EXPECT_EQ(stub_->GetPerson(TenantContext(tenant_).get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(stub_->DeletePerson(TenantContext(tenant_).get(), del, &empty).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListConsentHistoryRequest hist;
  hist.set_person_id(p.person_id());
  v1::ListConsentHistoryResponse history;
  ASSERT_TRUE(stub_->ListConsentHistory(TenantContext(tenant_).get(), hist, &history).ok());
  EXPECT_EQ(history.entries_size(), 1);
}

TEST_F(PersonServiceTest, ListPagesThroughAllPersons) {
  for (int i = 0; i < 5; ++i) Create("P" + std::to_string(i));
  std::vector<std::string> seen;
  v1::ListPersonsRequest req;
  req.set_page_size(2);
  do {
    v1::ListPersonsResponse page;
    ASSERT_TRUE(stub_->ListPersons(TenantContext(tenant_).get(), req, &page).ok());
    for (const auto& p : page.persons()) seen.push_back(p.first_name());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"P0", "P1", "P2", "P3", "P4"}));
}

// Page tokens are sealed to their tenant and list: a forged position, a tampered token and
// another tenant's token are all INVALID_ARGUMENT (400), never a read or a 500.
TEST_F(PersonServiceTest, PageTokensCannotBeForgedTamperedOrCarriedToAnotherTenant) {
  Create("A");
  Create("B");
  v1::ListPersonsRequest first;
  first.set_page_size(1);
  v1::ListPersonsResponse page;
  ASSERT_TRUE(stub_->ListPersons(TenantContext(tenant_).get(), first, &page).ok());
  const std::string token = page.next_page_token();
  ASSERT_FALSE(token.empty());
  std::string tampered = token;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  const std::string other_tenant = testing::UniqueTenant();
  for (const auto& [tenant, bad] : std::vector<std::pair<std::string, std::string>>{
           {tenant_, "garbage!"},
           {tenant_, "YWZ0ZXI6MjE0NzQ4MzY0OA"},  // the unsealed "after:2147483648" of old
           {tenant_, tampered},
           {tenant_, std::string(10000, 'A')},
           {other_tenant, token}}) {
    v1::ListPersonsRequest req;
    req.set_page_token(bad);
    grpc::Status s = stub_->ListPersons(TenantContext(tenant).get(), req, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.substr(0, 40);
    EXPECT_TRUE(wire::ViolatedFields(s).empty());
  }
  v1::ListPersonsRequest next;
  next.set_page_token(token);
  ASSERT_TRUE(stub_->ListPersons(TenantContext(tenant_).get(), next, &page).ok());
  EXPECT_EQ(page.persons_size(), 1);
}

TEST_F(PersonServiceTest, SetConsentThenReadItBack) {
  v1::Person p = Create("Consenting");
  ASSERT_TRUE(SetConsent(p.person_id(), v1::granted, v1::click, "ticked the box").ok());
  v1::GetPersonConsentRequest get;
  get.set_person_id(p.person_id());
  v1::PersonDataConsent consent;
  ASSERT_TRUE(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &consent).ok());
  EXPECT_EQ(consent.status(), v1::granted);
  EXPECT_EQ(consent.medium(), v1::click);
  EXPECT_EQ(consent.description(), "ticked the box");
  EXPECT_FALSE(consent.recorded_at().empty());
}

TEST_F(PersonServiceTest, ConsentWithoutStatusOrWithUnknownEnumIsRejectedAndChangesNothing) {
  v1::Person p = Create("Strict");
  grpc::Status missing = SetConsent(p.person_id(), v1::CONSENT_STATUS_UNSPECIFIED, v1::email);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(missing), std::vector<std::string>{"status"});
  grpc::Status unknown = SetConsent(p.person_id(), static_cast<v1::ConsentStatus>(42),
                                    static_cast<v1::ConsentMedium>(9));
  EXPECT_EQ(wire::ViolatedFields(unknown), (std::vector<std::string>{"status", "medium"}));
  v1::GetPersonConsentRequest get;
  get.set_person_id(p.person_id());
  v1::PersonDataConsent consent;
  EXPECT_EQ(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &consent).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PersonServiceTest, ConsentForUnknownPersonIsNotFound) {
  EXPECT_EQ(SetConsent(987654321, v1::granted, v1::email).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PersonServiceTest, HistoryKeepsEveryChangeNewestFirst) {
  v1::Person p = Create("Changing");
  ASSERT_TRUE(SetConsent(p.person_id(), v1::awaiting, v1::email).ok());
  ASSERT_TRUE(SetConsent(p.person_id(), v1::granted, v1::click).ok());
  ASSERT_TRUE(SetConsent(p.person_id(), v1::refused, v1::telephone, "called to withdraw").ok());
  v1::ListConsentHistoryRequest req;
  req.set_person_id(p.person_id());
  v1::ListConsentHistoryResponse history;
  ASSERT_TRUE(stub_->ListConsentHistory(TenantContext(tenant_).get(), req, &history).ok());
  ASSERT_EQ(history.entries_size(), 3);
  EXPECT_EQ(history.entries(0).data_consent().status(), v1::refused);
  EXPECT_EQ(history.entries(0).data_consent().description(), "called to withdraw");
  EXPECT_EQ(history.entries(1).data_consent().status(), v1::granted);
  EXPECT_EQ(history.entries(2).data_consent().status(), v1::awaiting);
  EXPECT_EQ(history.entries(0).kind(), "DataConsent");
  EXPECT_EQ(history.entries(0).data_consent().medium(), v1::telephone);
  EXPECT_GT(history.entries(0).entry_id(), history.entries(1).entry_id());
  // The entry's snapshot carries the decision's stored timestamp.
  v1::GetPersonConsentRequest get;
  get.set_person_id(p.person_id());
  v1::PersonDataConsent current;
  ASSERT_TRUE(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &current).ok());
  EXPECT_FALSE(current.recorded_at().empty());
  EXPECT_EQ(history.entries(0).data_consent().recorded_at(), current.recorded_at());
  EXPECT_FALSE(history.entries(0).recorded_at().empty());
}

TEST_F(PersonServiceTest, ConcurrentDecisionsAreAllRecordedAndTheLastOneStands) {
  v1::Person p = Create("Contended");
  constexpr int kCalls = 24;
  for (const grpc::Status& result : testing::RunConcurrently(kCalls, [&](int i) {
         return SetConsent(p.person_id(), i % 2 ? v1::granted : v1::refused, v1::email,
                           "call " + std::to_string(i));
       })) {
    EXPECT_TRUE(result.ok()) << result.error_message();
  }

  v1::ListConsentHistoryRequest req;
  req.set_person_id(p.person_id());
  req.set_page_size(100);
  v1::ListConsentHistoryResponse history;
  ASSERT_TRUE(stub_->ListConsentHistory(TenantContext(tenant_).get(), req, &history).ok());
  ASSERT_EQ(history.entries_size(), kCalls);  // every decision has its entry
  std::set<std::string> descriptions;
  for (const auto& entry : history.entries())
    descriptions.insert(entry.data_consent().description());
  EXPECT_EQ(descriptions.size(), static_cast<size_t>(kCalls));
  // The current decision is the newest entry: history order is commit order.
  v1::GetPersonConsentRequest get;
  get.set_person_id(p.person_id());
  v1::PersonDataConsent current;
  ASSERT_TRUE(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &current).ok());
  EXPECT_EQ(current.description(), history.entries(0).data_consent().description());
  EXPECT_EQ(current.recorded_at(), history.entries(0).data_consent().recorded_at());
}

TEST_F(PersonServiceTest, DecisionsWrittenTogetherKeepTheirOwnOutcomes) {
  // Known and unknown persons interleaved, all at once: group commit puts many of them in
  // one statement, and each call must still get its own answer and history entry.
  constexpr int kCalls = 48;
  std::vector<int> ids;
  for (int i = 0; i < kCalls; ++i)
    ids.push_back(i % 4 == 3 ? 900000000 + i : Create("Batched").person_id());
  auto results = testing::RunConcurrently(kCalls, [&](int i) {
    return SetConsent(ids[i], i % 2 ? v1::granted : v1::refused, v1::email,
                      "call " + std::to_string(i));
  });
  for (int i = 0; i < kCalls; ++i) {
    if (i % 4 == 3) {
      EXPECT_EQ(results[i].error_code(), grpc::StatusCode::NOT_FOUND) << i;
      continue;
    }
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error_message();
    v1::ListConsentHistoryRequest req;
    req.set_person_id(ids[i]);
    v1::ListConsentHistoryResponse history;
    ASSERT_TRUE(stub_->ListConsentHistory(TenantContext(tenant_).get(), req, &history).ok());
    ASSERT_EQ(history.entries_size(), 1) << i;
    EXPECT_EQ(history.entries(0).data_consent().description(), "call " + std::to_string(i));
    EXPECT_EQ(history.entries(0).data_consent().status(), i % 2 ? v1::granted : v1::refused);
  }
}

TEST_F(PersonServiceTest, DecisionsOfAFailedBatchAreEachWrittenAlone) {
  testing::BatchRefuser refuser(tenant_);
  constexpr int kCalls = 48;
  // Until at least one batch of several decisions was tried (and refused).
  for (int round = 0; round < 5 && refuser.refused() == 0; ++round) {
    std::vector<int> ids;
    for (int i = 0; i < kCalls; ++i) ids.push_back(Create("Refused batch").person_id());
    auto results = testing::RunConcurrently(kCalls, [&](int i) {
      return SetConsent(ids[i], v1::granted, v1::click, "alone " + std::to_string(i));
    });
    for (int i = 0; i < kCalls; ++i) {
      ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error_message();
      v1::ListConsentHistoryRequest req;
      req.set_person_id(ids[i]);
      v1::ListConsentHistoryResponse history;
      ASSERT_TRUE(stub_->ListConsentHistory(TenantContext(tenant_).get(), req, &history).ok());
      ASSERT_EQ(history.entries_size(), 1) << i;  // the refused batch left nothing behind
      EXPECT_EQ(history.entries(0).data_consent().description(), "alone " + std::to_string(i));
    }
  }
  EXPECT_GT(refuser.refused(), 0) << "no batch of several decisions formed in 5 rounds";
}

TEST_F(PersonServiceTest, DecisionForALockedPersonWaitsWithoutHoldingUpOthers) {
  v1::Person locked = Create("Locked");
  std::vector<v1::Person> others;
  for (int i = 0; i < 5; ++i) others.push_back(Create("Free"));

  pqxx::connection conn(testing::SharedCluster().url());
  pqxx::work holder(conn);
  holder.exec_params("SELECT 1 FROM persons WHERE tenant = $1 AND person_id = $2 FOR UPDATE",
                     tenant_, locked.person_id());
  auto waiting = std::async(std::launch::async, [&] {
    return SetConsent(locked.person_id(), v1::granted, v1::email, "after the lock");
  });
  // Until the server's statement is waiting for our lock.
  pqxx::connection observer(testing::SharedCluster().url());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  while (pqxx::nontransaction(observer)
             .exec("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
             .empty()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the decision never waited";
    std::this_thread::yield();
  }

  // Held up behind the lock they would wait for the 5 s statement timeout.
  for (const v1::Person& other : others) {
    v1::SetPersonConsentRequest req;
    req.set_person_id(other.person_id());
    req.mutable_consent()->set_status(v1::granted);
    auto ctx = TenantContext(tenant_);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    google::protobuf::Empty out;
    grpc::Status status = stub_->SetPersonConsent(ctx.get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  holder.commit();
  grpc::Status after = waiting.get();
  EXPECT_TRUE(after.ok()) << after.error_message();
  v1::GetPersonConsentRequest get;
  get.set_person_id(locked.person_id());
  v1::PersonDataConsent current;
  ASSERT_TRUE(stub_->GetPersonConsent(TenantContext(tenant_).get(), get, &current).ok());
  EXPECT_EQ(current.description(), "after the lock");
}

TEST_F(PersonServiceTest, DataConsentCarriesAnEtagAndHonoursIfMatch) {
  v1::Person p = Create("Tagged");
  auto set = [&](const std::string& if_match, const std::string& description, std::string* etag) {
    v1::SetPersonConsentRequest req;
    req.set_person_id(p.person_id());
    req.mutable_consent()->set_status(v1::granted);
    req.mutable_consent()->set_description(description);
    auto ctx = TenantContext(tenant_);
    if (!if_match.empty()) ctx->AddMetadata("if-match", if_match);
    google::protobuf::Empty out;
    grpc::Status status = stub_->SetPersonConsent(ctx.get(), req, &out);
    if (status.ok()) *etag = testing::InitialMetadata(*ctx, "etag");
    return status;
  };
  std::string etag;
  // If-Match needs a current decision, even "*".
  EXPECT_EQ(set("*", "none yet", &etag).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(set("", "first", &etag).ok());
  EXPECT_EQ(etag, "\"1\"");
  ASSERT_TRUE(set(etag, "second", &etag).ok());
  EXPECT_EQ(etag, "\"2\"");
  EXPECT_EQ(set("\"1\"", "stale", &etag).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(set("W/\"2\"", "weak", &etag).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::GetPersonConsentRequest get;
  get.set_person_id(p.person_id());
  v1::PersonDataConsent current;
  auto ctx = TenantContext(tenant_);
  ASSERT_TRUE(stub_->GetPersonConsent(ctx.get(), get, &current).ok());
  EXPECT_EQ(current.description(), "second");  // the refused writes changed nothing
  EXPECT_EQ(testing::InitialMetadata(*ctx, "etag"), "\"2\"");
}

TEST_F(PersonServiceTest, HistoryOfOtherTenantsPersonIsNotFound) {
  v1::Person p = Create("Private");
  ASSERT_TRUE(SetConsent(p.person_id(), v1::granted, v1::email).ok());
  v1::ListConsentHistoryRequest req;
  req.set_person_id(p.person_id());
  v1::ListConsentHistoryResponse history;
  EXPECT_EQ(
      stub_->ListConsentHistory(TenantContext(UniqueTenant()).get(), req, &history).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace consent
