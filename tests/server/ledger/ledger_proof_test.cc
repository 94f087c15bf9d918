// What the ledger signs, against the real server and PostgreSQL: a consent receipt per event
// and per-tenant checkpoints over the chain heads, both verified with the published JWKS.
#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "lib/ledger/event_digest.h"
#include "lib/ledger/ledger_signature.h"
#include "lib/ledger/merkle_root.h"
#include "tests/server/ledger/ledger_fixture.h"

namespace consent {
namespace {

using State = v1::ConsentEvent;

class LedgerProofTest : public LedgerTest {
 protected:
  std::string Jwks() {
    grpc::ClientContext ctx;  // public: no tenant, no credential
    v1::LedgerKeys keys;
    grpc::Status status = ledger_->GetLedgerKeys(&ctx, {}, &keys);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return keys.jwks_json();
  }

  v1::LedgerCheckpoint Checkpoint() {
    v1::LedgerCheckpoint out;
    grpc::Status status = ledger_->GetLedgerCheckpoint(Ctx().get(), {}, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
};

TEST_F(LedgerProofTest, AReceiptIsSignedAndVerifiesWithThePublishedKey) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose("We e-mail you offers");
  v1::RecordConsentRequest req = ForPurpose(person, purpose, State::granted);
  req.mutable_evidence()->set_collection_method("web-form");
  const v1::ConsentEvent event = MustRecord(req);

  v1::GetConsentReceiptRequest get;
  get.set_event_id(event.event_id());
  v1::ConsentReceipt receipt;
  grpc::Status status = ledger_->GetConsentReceipt(Ctx().get(), get, &receipt);
  ASSERT_TRUE(status.ok()) << status.error_message();
  absl::StatusOr<std::string> payload = ledger::VerifyJws(receipt.jws(), Jwks());
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(*payload, receipt.receipt_json());

  const nlohmann::json claims = nlohmann::json::parse(*payload);
  EXPECT_EQ(claims["version"], "KI-CR-v1.1.0");
  EXPECT_EQ(claims["consentReceiptID"], event.event_id());
  EXPECT_EQ(claims["collectionMethod"], "web-form");
  EXPECT_EQ(claims["piiControllers"][0]["piiController"], tenant_);
  EXPECT_EQ(claims["piiPrincipalId"], "person-" + std::to_string(person));
  EXPECT_EQ(claims["services"][0]["purposes"][0]["purpose"], "We e-mail you offers");
  EXPECT_EQ(claims["consentRecord"]["state"], "granted");
  EXPECT_EQ(claims["consentRecord"]["medium"], "email");
  EXPECT_EQ(claims["consentRecord"]["eventHash"], event.hash());
  EXPECT_EQ(claims["consentRecord"]["collectedAt"], event.collected_at());
}

TEST_F(LedgerProofTest, AReceiptNamesOnlyAnEventOfTheCallersTenant) {
  const v1::ConsentEvent event =
      MustRecord(ForPurpose(CreatePerson(), CreatePurpose(), State::granted));
  v1::GetConsentReceiptRequest get;
  get.set_event_id(event.event_id());
  v1::ConsentReceipt receipt;
  auto other = testing::TenantContext(testing::UniqueTenant());
  EXPECT_EQ(ledger_->GetConsentReceipt(other.get(), get, &receipt).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_event_id("not-a-uuid");
  EXPECT_EQ(ledger_->GetConsentReceipt(Ctx().get(), get, &receipt).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(LedgerProofTest, ACheckpointSignsTheMerkleRootOfEveryChainHead) {
  const int purpose = CreatePurpose();
  std::vector<int> persons = {CreatePerson(), CreatePerson()};
  MustRecord(ForPurpose(persons[0], purpose, State::granted));
  MustRecord(ForPurpose(persons[0], purpose, State::withdrawn));
  MustRecord(ForPurpose(persons[1], purpose, State::refused));

  const v1::LedgerCheckpoint checkpoint = Checkpoint();
  EXPECT_EQ(checkpoint.tenant(), tenant_);
  EXPECT_EQ(checkpoint.chains(), 2);
  EXPECT_EQ(checkpoint.events(), 3);
  std::sort(persons.begin(), persons.end());
  std::vector<ledger::ChainHead> heads;
  for (int person : persons) {
    heads.push_back({person, ledger::FromHex(Events(person).events(0).hash())});
  }
  EXPECT_EQ(checkpoint.root(), ledger::ToHex(ledger::MerkleRoot(heads)));

  absl::StatusOr<std::string> payload = ledger::VerifyJws(checkpoint.jws(), Jwks());
  ASSERT_TRUE(payload.ok()) << payload.status();
  const nlohmann::json signed_claims = nlohmann::json::parse(*payload);
  EXPECT_EQ(signed_claims["root"], checkpoint.root());
  EXPECT_EQ(signed_claims["tenant"], tenant_);
  EXPECT_EQ(signed_claims["events"], 3);
  EXPECT_EQ(signed_claims["keyId"], checkpoint.key_id());

  // Nothing new: the same checkpoint. A new event: a new root.
  EXPECT_EQ(Checkpoint().jws(), checkpoint.jws());
  MustRecord(ForPurpose(persons[1], purpose, State::granted));
  const v1::LedgerCheckpoint next = Checkpoint();
  EXPECT_EQ(next.events(), 4);
  EXPECT_NE(next.root(), checkpoint.root());
  EXPECT_TRUE(ledger::VerifyJws(next.jws(), Jwks()).ok());
}

TEST_F(LedgerProofTest, ATenantWithNoEventsHasAnEmptyCheckpoint) {
  const v1::LedgerCheckpoint checkpoint = Checkpoint();
  EXPECT_EQ(checkpoint.chains(), 0);
  EXPECT_EQ(checkpoint.events(), 0);
  EXPECT_EQ(checkpoint.root(), ledger::ToHex(ledger::Sha256("")));
}

}  // namespace
}  // namespace consent
