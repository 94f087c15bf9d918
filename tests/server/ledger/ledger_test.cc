// LedgerService against the real server and PostgreSQL: every state a check answers, point
// in time, expiry at exactly N days, deactivated versions, double opt-in, batch checks, and
// the events that today's writes (data consent, ConsentPerson) append, chained by hash.
#include <set>
#include <utility>
#include <vector>

#include <absl/time/time.h>

#include "lib/ledger/event_digest.h"
#include "proto/consent/v1/consent_persons.grpc.pb.h"
#include "server/ledger/event_append.h"
#include "tests/server/ledger/ledger_fixture.h"
#include "tests/support/concurrently.h"

namespace consent {
namespace {

using State = v1::ConsentEvent;
using CheckState = v1::ConsentDecisionState;

// The instant `micros` microseconds after the RFC 3339 text `t`.
std::string Shifted(const std::string& t, long long micros) {
  absl::Time time;
  EXPECT_TRUE(ledger::ParseRfc3339(t, &time)) << t;
  return ledger::Rfc3339(time + absl::Microseconds(micros));
}

TEST_F(LedgerTest, EachStateIsAnsweredAndOnlyAGrantAllows) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose();
  EXPECT_EQ(Check(PurposeCheck(person, purpose)).state(), CheckState::none);
  for (auto [recorded, answered] : {std::pair{State::awaiting, CheckState::awaiting},
                                    {State::granted, CheckState::granted},
                                    {State::refused, CheckState::refused},
                                    {State::withdrawn, CheckState::withdrawn},
                                    {State::granted, CheckState::granted}}) {
    v1::ConsentEvent event = MustRecord(ForPurpose(person, purpose, recorded));
    v1::ConsentCheckResult result = Check(PurposeCheck(person, purpose));
    EXPECT_EQ(result.state(), answered) << State::State_Name(recorded);
    EXPECT_EQ(result.allowed(), answered == CheckState::granted);
    EXPECT_EQ(result.event().event_id(), event.event_id());
    EXPECT_EQ(result.event().recorded_by(), "tester@" + tenant_);
  }
  // A decision by e-mail says nothing about the telephone.
  EXPECT_EQ(Check(PurposeCheck(person, purpose, v1::telephone)).state(), CheckState::none);
}

TEST_F(LedgerTest, WithdrawalHoldsFromItsRecordingOnAndChangesNothingBefore) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose();
  v1::ConsentEvent grant = MustRecord(ForPurpose(person, purpose, State::granted));
  v1::ConsentEvent withdrawal = MustRecord(ForPurpose(person, purpose, State::withdrawn));
  EXPECT_EQ(Check(PurposeCheck(person, purpose), Shifted(grant.recorded_at(), -1)).state(),
            CheckState::none);
  EXPECT_EQ(Check(PurposeCheck(person, purpose), grant.recorded_at()).state(), CheckState::granted);
  EXPECT_EQ(Check(PurposeCheck(person, purpose), Shifted(withdrawal.recorded_at(), -1)).state(),
            CheckState::granted);
  EXPECT_EQ(Check(PurposeCheck(person, purpose), withdrawal.recorded_at()).state(),
            CheckState::withdrawn);
  EXPECT_FALSE(Check(PurposeCheck(person, purpose)).allowed());

  v1::GetPersonConsentsRequest req;
  req.set_person_id(person);
  req.set_at(grant.recorded_at());
  v1::PersonConsents then;
  ASSERT_TRUE(ledger_->GetPersonConsents(Ctx().get(), req, &then).ok());
  ASSERT_EQ(then.consents_size(), 1);
  EXPECT_EQ(then.consents(0).state(), CheckState::granted);
  EXPECT_EQ(then.consents(0).check().consent_purpose_id(), purpose);
  req.clear_at();
  v1::PersonConsents now;
  ASSERT_TRUE(ledger_->GetPersonConsents(Ctx().get(), req, &now).ok());
  ASSERT_EQ(now.consents_size(), 1);
  EXPECT_EQ(now.consents(0).state(), CheckState::withdrawn);
}

TEST_F(LedgerTest, AGrantExpiresExactlyNDaysAfterItWasCollected) {
  const int person = CreatePerson();
  v1::ConsentTypeEntry type = CreateType(30);
  v1::RecordConsentRequest req;
  req.set_person_id(person);
  req.set_consent_type_id(type.type_id());
  req.set_state(State::granted);
  req.set_medium(v1::email);
  req.set_locale("en-GB");
  const absl::Time collected =
      absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())) - absl::Hours(24 * 29);
  req.set_collected_at(ledger::Rfc3339(collected));
  v1::ConsentEvent grant = MustRecord(req);
  EXPECT_EQ(grant.consent_version_id(), type.versions(0).consent_version_id());
  EXPECT_EQ(grant.notice().name(), "Marketing e-mails");
  EXPECT_EQ(grant.notice().version_label(), "1.0");
  EXPECT_EQ(grant.expires_at(), ledger::Rfc3339(collected + absl::Hours(24 * 30)));

  v1::ConsentCheck check;
  check.set_person_id(person);
  check.set_consent_type_id(type.type_id());
  check.set_medium(v1::email);
  EXPECT_EQ(Check(check, Shifted(grant.expires_at(), -1)).state(), CheckState::granted);
  v1::ConsentCheckResult expired = Check(check, grant.expires_at());
  EXPECT_EQ(expired.state(), CheckState::expired);
  EXPECT_FALSE(expired.allowed());
  EXPECT_EQ(expired.event().expires_at(), grant.expires_at());
}

TEST_F(LedgerTest, ADeactivatedVersionAsksForConsentAgain) {
  const int person = CreatePerson();
  v1::ConsentTypeEntry type = CreateType(0);
  v1::RecordConsentRequest req;
  req.set_person_id(person);
  req.set_consent_type_id(type.type_id());
  req.set_state(State::granted);
  MustRecord(req);
  v1::ConsentCheck check;
  check.set_person_id(person);
  check.set_consent_type_id(type.type_id());
  EXPECT_EQ(Check(check).state(), CheckState::granted);
  ASSERT_TRUE(
      PatchType(type.type_id(), R"([{"op":"replace","path":"/Versions/0/IsActive","value":false}])")
          .ok());
  v1::ConsentCheckResult result = Check(check);
  EXPECT_EQ(result.state(), CheckState::reconsent_required);
  EXPECT_FALSE(result.allowed());
  // Nor can a new decision be recorded under it.
  v1::ConsentEvent ignored;
  EXPECT_EQ(Record(req, &ignored).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LedgerTest, AVersionWithDecisionsUnderItKeepsItsTextsAndExpiry) {
  v1::ConsentTypeEntry type = CreateType(30);
  auto stored = [&] {
    v1::GetConsentTypeRequest get;
    get.set_client_id(tenant_);
    get.set_type_id(type.type_id());
    v1::ConsentTypeEntry out;
    EXPECT_TRUE(types_->GetConsentType(Ctx().get(), get, &out).ok());
    return out;
  };
  EXPECT_FALSE(stored().versions(0).is_associated_with_profiles());
  // Unused, a version can still be corrected, and the flag is not the caller's to set.
  EXPECT_TRUE(PatchType(type.type_id(),
                        R"([{"op":"replace","path":"/Versions/0/ExpirationInDays","value":31}])")
                  .ok());
  EXPECT_EQ(
      PatchType(type.type_id(), R"([{"op":"replace","path":"/Versions/0/IsAssociatedWithProfiles",)"
                                R"("value":true}])")
          .error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  v1::RecordConsentRequest req;
  req.set_person_id(CreatePerson());
  req.set_consent_type_id(type.type_id());
  req.set_state(State::granted);
  MustRecord(req);
  EXPECT_TRUE(stored().versions(0).is_associated_with_profiles());
  for (const char* change :
       {R"([{"op":"replace","path":"/Versions/0/LocalizedFields/0/Description","value":"x"}])",
        R"([{"op":"replace","path":"/Versions/0/ExpirationInDays","value":365}])",
        R"([{"op":"replace","path":"/Versions/0/ConsentVersion","value":"2.0"}])",
        R"([{"op":"remove","path":"/Versions/0"}])",
        R"([{"op":"replace","path":"/Versions/0/IsAssociatedWithProfiles","value":false}])"}) {
    EXPECT_EQ(PatchType(type.type_id(), change).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << change;
  }
  EXPECT_EQ(stored().versions(0).localized_fields(0).description(), "Offers by e-mail");
  EXPECT_EQ(stored().versions(0).expiration_in_days(), 31);
  // What may change: its activity, the type's name, new versions beside it.
  EXPECT_TRUE(PatchType(type.type_id(),
                        R"([{"op":"replace","path":"/Versions/0/IsActive","value":false},)"
                        R"({"op":"replace","path":"/TypeName","value":"Marketing 2027"},)"
                        R"({"op":"add","path":"/Versions/-","value":{"ConsentVersion":"2.0",)"
                        R"("IsActive":true,"IsAssociatedWithProfiles":true}}])")
                  .ok());
  const v1::ConsentTypeEntry now = stored();
  ASSERT_EQ(now.versions_size(), 2);
  EXPECT_TRUE(now.versions(0).is_associated_with_profiles());
  EXPECT_FALSE(now.versions(1).is_associated_with_profiles());  // computed, not as sent
}

TEST_F(LedgerTest, DoubleOptInConfirmsOnceWithTheTokenAlone) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose();
  v1::RecordConsentRequest req = ForPurpose(person, purpose, State::awaiting);
  req.set_double_opt_in(true);
  v1::ConsentEvent awaiting = MustRecord(req);
  ASSERT_FALSE(awaiting.confirmation_token().empty());
  EXPECT_FALSE(awaiting.confirmation_expires_at().empty());
  EXPECT_FALSE(Check(PurposeCheck(person, purpose)).allowed());

  auto confirm = [&](const std::string& token, v1::ConsentEvent* out) {
    v1::ConfirmConsentRequest c;
    c.set_token(token);
    c.mutable_evidence()->set_ip_address("192.0.2.7");
    grpc::ClientContext ctx;  // no credential, no tenant: the token is both
    return ledger_->ConfirmConsent(&ctx, c, out);
  };
  v1::ConsentEvent granted;
  EXPECT_EQ(confirm(awaiting.confirmation_token() + "x", &granted).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(confirm(awaiting.confirmation_token(), &granted).ok());
  EXPECT_EQ(granted.state(), State::granted);
  EXPECT_EQ(granted.consent_purpose_id(), purpose);
  EXPECT_EQ(granted.evidence().ip_address(), "192.0.2.7");
  EXPECT_EQ(granted.prev_hash(), awaiting.hash());
  EXPECT_TRUE(Check(PurposeCheck(person, purpose)).allowed());
  EXPECT_EQ(confirm(awaiting.confirmation_token(), &granted).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST(LedgerConfirmationTest, AnExpiredTokenConfirmsNothing) {
  // Tokens of this server expire the instant they are made.
  testing::ServerProcess server(testing::SharedCluster().url(), {"--confirmation-ttl-seconds=0"});
  const std::string tenant = testing::UniqueTenant();
  v1::CreatePersonRequest create;
  create.mutable_person()->set_first_name("Late");
  v1::Person person;
  ASSERT_TRUE(v1::PersonService::NewStub(server.Channel())
                  ->CreatePerson(testing::TenantContext(tenant).get(), create, &person)
                  .ok());
  auto ledger = v1::LedgerService::NewStub(server.Channel());
  v1::RecordConsentRequest req;
  req.set_person_id(person.person_id());
  req.set_data_consent(true);
  req.set_state(v1::ConsentEvent::awaiting);
  req.set_double_opt_in(true);
  v1::ConsentEvent awaiting;
  ASSERT_TRUE(ledger->RecordConsent(testing::TenantContext(tenant).get(), req, &awaiting).ok());
  v1::ConfirmConsentRequest confirm;
  confirm.set_token(awaiting.confirmation_token());
  grpc::ClientContext ctx;
  v1::ConsentEvent granted;
  EXPECT_EQ(ledger->ConfirmConsent(&ctx, confirm, &granted).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::CheckConsentsRequest check;
  check.add_checks()->set_person_id(person.person_id());
  check.mutable_checks(0)->set_data_consent(true);
  v1::CheckConsentsResponse checked;
  ASSERT_TRUE(ledger->CheckConsents(testing::TenantContext(tenant).get(), check, &checked).ok());
  EXPECT_EQ(checked.results(0).state(), v1::ConsentDecisionState::awaiting);
}

TEST_F(LedgerTest, AThousandChecksOfMixedPersonsAnswerInOneCall) {
  const int purpose = CreatePurpose();
  std::vector<int> people;
  for (int i = 0; i < 10; ++i) {
    people.push_back(CreatePerson());
    if (i % 2 == 0) MustRecord(ForPurpose(people.back(), purpose, State::granted));
  }
  v1::CheckConsentsRequest req;
  for (int i = 0; i < 1000; ++i) *req.add_checks() = PurposeCheck(people[i % 10], purpose);
  v1::CheckConsentsResponse out;
  ASSERT_TRUE(ledger_->CheckConsents(Ctx().get(), req, &out).ok());
  ASSERT_EQ(out.results_size(), 1000);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(out.results(i).check().person_id(), people[i % 10]);
    EXPECT_EQ(out.results(i).allowed(), i % 2 == 0) << i;
  }
  *req.add_checks() = PurposeCheck(people[0], purpose);
  EXPECT_EQ(ledger_->CheckConsents(Ctx().get(), req, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LedgerTest, TodaysWritesAppendChainedEvents) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose("Consent text as seen");
  v1::SetPersonConsentRequest data;
  data.set_person_id(person);
  data.mutable_consent()->set_status(v1::granted);
  data.mutable_consent()->set_medium(v1::email);
  google::protobuf::Empty empty;
  ASSERT_TRUE(persons_->SetPersonConsent(Ctx().get(), data, &empty).ok());
  auto consent_persons = v1::ConsentPersonService::NewStub(channel_);
  v1::SaveConsentPersonRequest save;
  save.mutable_consent_person()->set_person_id(person);
  save.mutable_consent_person()->mutable_consent_purpose()->set_consent_purpose_id(purpose);
  v1::ConsentPerson saved;
  ASSERT_TRUE(consent_persons->SaveConsentPerson(Ctx().get(), save, &saved).ok());

  v1::ListConsentEventsResponse events = Events(person);
  ASSERT_EQ(events.events_size(), 2);
  const v1::ConsentEvent& second = events.events(0);  // newest first
  const v1::ConsentEvent& first = events.events(1);
  EXPECT_TRUE(first.data_consent());
  EXPECT_EQ(first.state(), State::granted);
  EXPECT_EQ(second.consent_purpose_id(), purpose);
  EXPECT_EQ(second.notice().consent_text(), "Consent text as seen");
  EXPECT_EQ(second.medium(), v1::CONSENT_MEDIUM_UNSPECIFIED);  // holds for every medium
  EXPECT_TRUE(Check(PurposeCheck(person, purpose, v1::telephone)).allowed());

  // Each hash is recomputable from the event alone, and the chain links.
  EXPECT_EQ(first.sequence(), 1);
  EXPECT_EQ(first.prev_hash(), ledger::ToHex(ledger::GenesisHash()));
  EXPECT_EQ(second.prev_hash(), first.hash());
  for (const v1::ConsentEvent& e : {first, second}) {
    EXPECT_EQ(ledger::ToHex(ledger::DetailsDigest(ledger::FromHex(e.details_salt()), e)),
              e.details_digest());
    EXPECT_EQ(ledger::ToHex(ledger::ChainHash(ledger::FromHex(e.prev_hash()),
                                              ledger::ContentDigest(tenant_, e))),
              e.hash());
  }
}

// Concurrent decisions are group-committed (server/ledger/decision_recorder.h): however they
// are batched, each gets its own outcome, and decisions of one person chain in turn.
TEST_F(LedgerTest, ConcurrentDecisionsEachGetTheirOwnOutcomeAndChainInTurn) {
  const int purpose = CreatePurpose();
  const int shared = CreatePerson();
  std::vector<int> people;
  for (int i = 0; i < 24; ++i) people.push_back(CreatePerson());
  auto decision = [&](int i) {
    if (i >= 24) return ForPurpose(shared, purpose, State::granted);  // 8 for one person
    if (i % 6 == 4) return ForPurpose(people[i] + 1000000, purpose, State::granted);
    if (i % 6 == 5) return ForPurpose(people[i], purpose + 1000000, State::granted);
    return ForPurpose(people[i], purpose, i % 2 == 0 ? State::granted : State::refused);
  };
  auto outcomes = testing::RunConcurrently(32, [&](int i) {
    v1::ConsentEvent out;
    grpc::Status status = Record(decision(i), &out);
    return std::make_pair(status.error_code(), out);
  });
  for (int i = 0; i < 24; ++i) {
    const auto& [code, event] = outcomes[i];
    if (i % 6 == 4) {
      EXPECT_EQ(code, grpc::StatusCode::NOT_FOUND) << i;
    } else if (i % 6 == 5) {
      EXPECT_EQ(code, grpc::StatusCode::INVALID_ARGUMENT) << i;
      EXPECT_EQ(Events(people[i]).events_size(), 0) << i;
    } else {
      ASSERT_EQ(code, grpc::StatusCode::OK) << i;
      EXPECT_EQ(event.person_id(), people[i]);
      EXPECT_EQ(event.sequence(), 1);
      EXPECT_EQ(event.notice().consent_text(), "We e-mail you offers");
      EXPECT_EQ(Check(PurposeCheck(people[i], purpose)).allowed(), i % 2 == 0) << i;
    }
  }
  std::set<long long> sequences;
  for (int i = 24; i < 32; ++i) {
    ASSERT_EQ(outcomes[i].first, grpc::StatusCode::OK) << i;
    sequences.insert(outcomes[i].second.sequence());
  }
  EXPECT_EQ(sequences, (std::set<long long>{1, 2, 3, 4, 5, 6, 7, 8}));
  v1::ListConsentEventsResponse chain = Events(shared);
  ASSERT_EQ(chain.events_size(), 8);
  for (int k = 0; k + 1 < 8; ++k) {
    EXPECT_EQ(chain.events(k).prev_hash(), chain.events(k + 1).hash()) << k;
  }
}

TEST_F(LedgerTest, BadDecisionsAreRefusedByProperty) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose();
  v1::ConsentEvent out;
  v1::RecordConsentRequest none = ForPurpose(person, 0, State::granted);
  EXPECT_EQ(Record(none, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::RecordConsentRequest future = ForPurpose(person, purpose, State::granted);
  future.set_collected_at(ledger::Rfc3339(absl::Now() + absl::Hours(1)));
  EXPECT_EQ(Record(future, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::RecordConsentRequest unknown = ForPurpose(person, purpose + 1000, State::granted);
  EXPECT_EQ(Record(unknown, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::RecordConsentRequest nobody = ForPurpose(person + 1000, purpose, State::granted);
  EXPECT_EQ(Record(nobody, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Events(person).events_size(), 0);
}

}  // namespace
}  // namespace consent
