// PersonDataService against the real server and PostgreSQL: an export holds everything of
// the person and nothing of anyone else; erasure leaves no personal data anywhere in the
// database while the ledger's chain and checkpoint still verify.
#include <google/protobuf/util/json_util.h>
#include <pqxx/pqxx>

#include "lib/ledger/event_digest.h"
#include "lib/ledger/export_verifier.h"
#include "lib/ledger/ledger_signature.h"
#include "proto/consent/v1/consent_persons.grpc.pb.h"
#include "proto/consent/v1/person_data.grpc.pb.h"
#include "tests/server/ledger/ledger_fixture.h"

namespace consent {
namespace {

using State = v1::ConsentEvent;

class PersonDataTest : public LedgerTest {
 protected:
  std::unique_ptr<v1::PersonDataService::Stub> data_ = v1::PersonDataService::NewStub(channel_);
  std::unique_ptr<v1::ConsentPersonService::Stub> consent_persons_ =
      v1::ConsentPersonService::NewStub(channel_);

  // A person with a name and e-mail, a data consent, a ConsentPerson record and two ledger
  // decisions with evidence; every free text carries `marker`.
  int PersonWithEverything(const std::string& marker, int purpose) {
    v1::CreatePersonRequest create;
    create.mutable_person()->set_first_name("First" + marker);
    create.mutable_person()->set_last_name("Last" + marker);
    create.mutable_person()->set_email(marker + "@example.org");
    create.set_request_id("create-" + marker);
    v1::Person person;
    EXPECT_TRUE(persons_->CreatePerson(Ctx().get(), create, &person).ok());

    v1::SetPersonConsentRequest consent;
    consent.set_person_id(person.person_id());
    consent.mutable_consent()->set_status(v1::granted);
    consent.mutable_consent()->set_medium(v1::email);
    consent.mutable_consent()->set_description("said yes " + marker);
    google::protobuf::Empty empty;
    EXPECT_TRUE(persons_->SetPersonConsent(Ctx().get(), consent, &empty).ok());

    v1::SaveConsentPersonRequest save;
    save.mutable_consent_person()->set_person_id(person.person_id());
    save.mutable_consent_person()->mutable_consent_purpose()->set_consent_purpose_id(purpose);
    save.mutable_consent_person()->set_comment("comment " + marker);
    v1::ConsentPerson saved;
    grpc::Status status = consent_persons_->SaveConsentPerson(Ctx().get(), save, &saved);
    EXPECT_TRUE(status.ok()) << status.error_message();

    v1::RecordConsentRequest decision = ForPurpose(person.person_id(), purpose, State::granted);
    decision.set_description("decided " + marker);
    decision.mutable_evidence()->set_ip_address("192.0.2.7");
    decision.mutable_evidence()->set_user_agent("agent " + marker);
    MustRecord(decision);
    return person.person_id();
  }

  std::vector<v1::PersonExportItem> Export(int person, grpc::Status* status) {
    v1::ExportPersonRequest req;
    req.set_person_id(person);
    auto ctx = Ctx();
    auto reader = data_->ExportPerson(ctx.get(), req);
    std::vector<v1::PersonExportItem> items;
    v1::PersonExportItem item;
    while (reader->Read(&item)) items.push_back(item);
    *status = reader->Finish();
    return items;
  }

  // Rows of any table of the database holding `text` (as text, or as UTF-8 in a bytea).
  long long RowsHolding(const std::string& text) {
    pqxx::connection db(testing::SharedCluster().url());
    pqxx::work txn(db);
    long long found = 0;
    for (const auto& table : txn.exec("SELECT table_name FROM information_schema.tables"
                                      " WHERE table_schema = 'public'")) {
      const std::string name = txn.quote_name(table[0].as<std::string>());
      found += txn.exec_params1("SELECT count(*) FROM " + name + " t WHERE t::text LIKE $1",
                                "%" + text + "%")[0]
                   .as<long long>();
    }
    found += txn.exec_params1(
                    "SELECT count(*) FROM idempotent_requests"
                    " WHERE position(convert_to($1, 'UTF8') IN response) > 0",
                    text)[0]
                 .as<long long>();
    return found;
  }
};

TEST_F(PersonDataTest, AnExportHoldsEverythingOfThePersonAndNothingOfAnyoneElse) {
  const int purpose = CreatePurpose();
  const int person = PersonWithEverything("exported", purpose);
  PersonWithEverything("neighbour", purpose);  // whose data must not be in the export
  MustRecord(ForPurpose(person, purpose, State::withdrawn));

  grpc::Status status;
  const std::vector<v1::PersonExportItem> items = Export(person, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  int events = 0, history = 0, consent_persons = 0, purposes = 0, checkpoints = 0;
  for (const auto& item : items) {
    EXPECT_EQ(item.DebugString().find("neighbour"), std::string::npos) << item.DebugString();
    switch (item.item_case()) {
      case v1::PersonExportItem::kPerson:
        EXPECT_EQ(item.person().email(), "exported@example.org");
        break;
      case v1::PersonExportItem::kDataConsent:
        EXPECT_EQ(item.data_consent().description(), "said yes exported");
        break;
      case v1::PersonExportItem::kEvent:
        EXPECT_EQ(item.event().person_id(), person);
        EXPECT_EQ(item.event().sequence(), ++events);  // every event, in chain order
        break;
      case v1::PersonExportItem::kHistoryEntry:
        EXPECT_EQ(item.history_entry().person_id(), person);
        ++history;
        break;
      case v1::PersonExportItem::kConsentPerson:
        EXPECT_EQ(item.consent_person().comment(), "comment exported");
        ++consent_persons;
        break;
      case v1::PersonExportItem::kConsentPurpose:
        EXPECT_EQ(item.consent_purpose().consent_purpose_id(), purpose);
        ++purposes;
        break;
      case v1::PersonExportItem::kCheckpoint:
        EXPECT_EQ(item.checkpoint().tenant(), tenant_);
        ++checkpoints;
        break;
      default:
        break;
    }
  }
  // Data consent, ConsentPerson, decision, withdrawal.
  EXPECT_EQ(events, 4);
  EXPECT_EQ(history, 2);
  EXPECT_EQ(consent_persons, 1);
  EXPECT_EQ(purposes, 1);
  EXPECT_EQ(checkpoints, 1);
  EXPECT_EQ(items.front().item_case(), v1::PersonExportItem::kPerson);
  EXPECT_EQ(items[items.size() - 2].item_case(), v1::PersonExportItem::kCheckpoint);
  EXPECT_EQ(items.back().item_case(), v1::PersonExportItem::kChainProof);

  auto other_tenant = testing::TenantContext(testing::UniqueTenant());
  v1::ExportPersonRequest req;
  req.set_person_id(person);
  auto reader = data_->ExportPerson(other_tenant.get(), req);
  v1::PersonExportItem item;
  EXPECT_FALSE(reader->Read(&item));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PersonDataTest, ErasureLeavesNoPersonalDataAndTheChainStillVerifies) {
  const int purpose = CreatePurpose();
  const std::string marker = "erasable" + tenant_;
  const int person = PersonWithEverything(marker, purpose);
  const v1::ConsentEvent last = MustRecord(ForPurpose(person, purpose, State::withdrawn));
  const int kept = PersonWithEverything("kept" + tenant_, purpose);
  ASSERT_GT(RowsHolding(marker), 0);

  v1::ErasePersonRequest erase;
  erase.set_person_id(person);
  v1::ErasePersonResponse erased;
  grpc::Status status = data_->ErasePerson(Ctx().get(), erase, &erased);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(erased.pseudonym(), "erased-person-" + std::to_string(person));
  EXPECT_EQ(erased.events_kept(), 4);
  EXPECT_EQ(RowsHolding(marker), 0);
  EXPECT_GT(RowsHolding("kept" + tenant_), 0);  // nobody else's data went

  // The events stay, their details gone, every hash as it was.
  v1::ListConsentEventsResponse events = Events(person);
  ASSERT_EQ(events.events_size(), 4);
  EXPECT_EQ(events.events(0).hash(), last.hash());
  std::string prev = ledger::GenesisHash();
  for (int i = events.events_size() - 1; i >= 0; --i) {
    const v1::ConsentEvent& e = events.events(i);
    EXPECT_TRUE(e.erased());
    EXPECT_TRUE(e.description().empty());
    EXPECT_TRUE(e.details_salt().empty());
    EXPECT_EQ(e.hash(), ledger::ToHex(ledger::ChainHash(prev, ledger::ContentDigest(tenant_, e))));
    prev = ledger::FromHex(e.hash());
  }
  // Checks answer none; the person is gone for every other call; erasing again is a no-op.
  EXPECT_EQ(Check(PurposeCheck(person, purpose)).state(), v1::ConsentDecisionState::none);
  v1::GetPersonRequest get;
  get.set_person_id(person);
  v1::Person gone;
  EXPECT_EQ(persons_->GetPerson(Ctx().get(), get, &gone).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::ErasePersonResponse again;
  ASSERT_TRUE(data_->ErasePerson(Ctx().get(), erase, &again).ok());
  EXPECT_EQ(again.erased_at(), erased.erased_at());
  EXPECT_EQ(Check(PurposeCheck(kept, purpose)).state(), v1::ConsentDecisionState::granted);
}

// The export as REST shows it, verified as `consentctl ledger verify` does.
absl::StatusOr<ledger::ExportCheck> Verified(const std::vector<v1::PersonExportItem>& items,
                                             const std::string& jwks) {
  std::vector<nlohmann::json> json;
  for (const auto& item : items) {
    std::string text;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(item, &text).ok());
    json.push_back(nlohmann::json::parse(text));
  }
  return ledger::VerifyExport(json, jwks);
}

TEST_F(PersonDataTest, AnExportVerifiesOfflineUntilTheOwnerAltersAnEvent) {
  const int purpose = CreatePurpose();
  const int person = PersonWithEverything("verified" + tenant_, purpose);
  PersonWithEverything("other" + tenant_, purpose);  // a second chain under the root
  const v1::ConsentEvent withdrawal = MustRecord(ForPurpose(person, purpose, State::withdrawn));
  grpc::ClientContext keys_ctx;
  v1::LedgerKeys keys;
  ASSERT_TRUE(ledger_->GetLedgerKeys(&keys_ctx, {}, &keys).ok());

  grpc::Status status;
  auto intact = Verified(Export(person, &status), keys.jwks_json());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(intact.ok()) << intact.status();
  EXPECT_EQ(intact->broken, "");
  EXPECT_EQ(intact->events, 4);
  EXPECT_TRUE(intact->checkpoint_signed);
  EXPECT_TRUE(intact->chain_in_checkpoint);

  // The owner role (the tests' superuser) turns the withdrawal into a grant.
  {
    pqxx::connection db(testing::SharedCluster().url());
    pqxx::work owner(db);
    owner.exec_params(
        "UPDATE consent_events SET state = 'granted' WHERE tenant = $1 AND"
        " event_id = $2::uuid",
        tenant_, withdrawal.event_id());
    owner.commit();
  }
  auto tampered = Verified(Export(person, &status), keys.jwks_json());
  ASSERT_TRUE(tampered.ok()) << tampered.status();
  EXPECT_EQ(tampered->broken_event_id, withdrawal.event_id());
  EXPECT_NE(tampered->broken.find("does not match its content"), std::string::npos)
      << tampered->broken;

  // Erasure keeps a verifiable chain (here of the other, untouched person).
  const int erased = PersonWithEverything("erased" + tenant_, purpose);
  v1::ErasePersonRequest erase;
  erase.set_person_id(erased);
  v1::ErasePersonResponse answer;
  ASSERT_TRUE(data_->ErasePerson(Ctx().get(), erase, &answer).ok());
  auto after_erasure = Verified(Export(erased, &status), keys.jwks_json());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(after_erasure.ok()) << after_erasure.status();
  EXPECT_EQ(after_erasure->broken, "");
  EXPECT_EQ(after_erasure->events, 3);
  EXPECT_TRUE(after_erasure->chain_in_checkpoint);
}

TEST_F(PersonDataTest, AnUnknownPersonIsNotFound) {
  v1::ErasePersonRequest erase;
  erase.set_person_id(999999);
  v1::ErasePersonResponse erased;
  EXPECT_EQ(data_->ErasePerson(Ctx().get(), erase, &erased).error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::Status status;
  Export(999999, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace consent
