#include "server/ledger/ledger_proofs.h"

#include <algorithm>

#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "lib/ledger/event_digest.h"
#include "lib/ledger/merkle_root.h"
#include "server/db/statement.h"
#include "server/ledger/event_append.h"

namespace consent::ledger {
namespace {

const db::Statement kChainHeads("ledger.chain_heads",
                                "SELECT person_id, hash, sequence FROM ledger_heads"
                                " WHERE tenant = $1 ORDER BY person_id");
const db::Statement kLatestCheckpoint(
    "ledger.latest_checkpoint",
    "SELECT chains, events, encode(root, 'hex'), rfc3339(issued_at), key_id, jws"
    " FROM ledger_checkpoints WHERE tenant = $1 ORDER BY checkpoint_id DESC LIMIT 1");
const db::Statement kAddCheckpoint(
    "ledger.add_checkpoint",
    "INSERT INTO ledger_checkpoints (tenant, chains, events, root, issued_at, key_id, jws)"
    " VALUES ($1, $2, $3, decode($4, 'hex'), $5::timestamptz, $6, $7)");
// A tenant needs a checkpoint when its events outnumber those of its latest one (events
// are only ever appended, so the count moves exactly when a chain does).
const db::Statement kStaleTenants(
    "ledger.stale_tenants",
    "SELECT h.tenant FROM ledger_heads h GROUP BY h.tenant"
    " HAVING sum(h.sequence) > coalesce((SELECT c.events FROM ledger_checkpoints c"
    "   WHERE c.tenant = h.tenant ORDER BY c.checkpoint_id DESC LIMIT 1), 0)");

std::string SubjectName(const v1::ConsentEvent& e) {
  if (e.data_consent()) return "data consent";
  if (!e.notice().name().empty()) return e.notice().name();
  return e.consent_purpose_id() != 0 ? absl::StrCat("ConsentPurpose ", e.consent_purpose_id())
                                     : absl::StrCat("ConsentType ", e.consent_type_id());
}

nlohmann::json Claims(const std::string& tenant, const v1::ConsentEvent& e, absl::Time now) {
  const std::string medium =
      e.medium() == v1::CONSENT_MEDIUM_UNSPECIFIED ? "" : v1::ConsentMedium_Name(e.medium());
  absl::Time collected;
  ParseRfc3339(e.collected_at(), &collected);
  const nlohmann::json purpose = {
      {"purpose",
       e.notice().consent_text().empty() ? e.notice().description() : e.notice().consent_text()},
      {"purposeCategory", nlohmann::json::array({SubjectName(e)})},
      {"consentType", "EXPLICIT"},
      {"piiCategory", nlohmann::json::array()},
      {"primaryPurpose", true},
      {"termination", e.expires_at().empty() ? "on withdrawal" : e.expires_at()},
      {"thirdPartyDisclosure", false}};
  return {// Kantara Consent Receipt v1.1.
          {"version", "KI-CR-v1.1.0"},
          {"jurisdiction", ""},
          {"consentTimestamp", absl::ToUnixSeconds(collected)},
          {"collectionMethod", e.evidence().collection_method()},
          {"consentReceiptID", e.event_id()},
          {"language", e.notice().locale()},
          {"piiPrincipalId",
           e.erased() ? PseudonymOf(e.person_id()) : absl::StrCat("person-", e.person_id())},
          {"piiControllers", nlohmann::json::array({{{"piiController", tenant}}})},
          {"policyUrl", e.evidence().form_url()},
          {"services", nlohmann::json::array({{{"service", SubjectName(e)},
                                               {"purposes", nlohmann::json::array({purpose})}}})},
          {"sensitive", false},
          {"spiCat", nlohmann::json::array()},
          // JWT claims.
          {"iss", tenant},
          {"jti", e.event_id()},
          {"iat", absl::ToUnixSeconds(now)},
          // The decision as the ledger holds it (ISO/IEC TS 27560 style).
          {"consentRecord",
           {{"state", v1::ConsentEvent::State_Name(e.state())},
            {"medium", medium},
            {"legalBaseId", e.legal_base_id()},
            {"consentSourceId", e.consent_source_id()},
            {"notice",
             {{"consentPurposeId", e.consent_purpose_id()},
              {"consentTypeId", e.consent_type_id()},
              {"consentVersionId", e.consent_version_id()},
              {"versionLabel", e.notice().version_label()},
              {"locale", e.notice().locale()},
              {"name", e.notice().name()},
              {"consentText", e.notice().consent_text()},
              {"formText", e.notice().form_text()}}},
            {"collectedAt", e.collected_at()},
            {"recordedAt", e.recorded_at()},
            {"recordedBy", e.recorded_by()},
            {"expiresAt", e.expires_at()},
            {"sequence", e.sequence()},
            {"eventHash", e.hash()},
            {"detailsDigest", e.details_digest()}}}};
}

std::string CheckpointPayload(const v1::LedgerCheckpoint& c) {
  return nlohmann::json{{"tenant", c.tenant()}, {"chains", c.chains()},      {"events", c.events()},
                        {"root", c.root()},     {"issuedAt", c.issued_at()}, {"keyId", c.key_id()}}
      .dump();
}

// The tenant's chain heads in ascending person id; `events` the number of events under them.
std::vector<ChainHead> ChainHeads(pqxx::transaction_base& txn, const std::string& tenant,
                                  long long* events) {
  std::vector<ChainHead> heads;
  *events = 0;
  for (const auto& row : kChainHeads.Run(txn, tenant)) {
    heads.push_back({row[0].as<int>(), pqxx::binarystring(row[1]).str()});
    *events += row[2].as<long long>();
  }
  return heads;
}

}  // namespace

v1::ConsentReceipt Receipt(const std::string& tenant, const v1::ConsentEvent& event,
                           const SigningKey& key, absl::Time now) {
  v1::ConsentReceipt receipt;
  receipt.set_receipt_json(Claims(tenant, event, now).dump());
  receipt.set_jws(key.Sign(receipt.receipt_json(), "JWT"));
  return receipt;
}

v1::LedgerCheckpoint Checkpoint(pqxx::transaction_base& txn, const std::string& tenant,
                                const SigningKey& key, absl::Time now,
                                std::vector<ChainHead>* heads_read) {
  long long events = 0;
  std::vector<ChainHead> heads = ChainHeads(txn, tenant, &events);
  if (heads_read != nullptr) *heads_read = heads;
  v1::LedgerCheckpoint checkpoint;
  checkpoint.set_tenant(tenant);
  const pqxx::result latest = kLatestCheckpoint.Run(txn, tenant);
  if (!latest.empty() && latest[0][1].as<long long>() == events) {
    const auto& row = latest[0];
    checkpoint.set_chains(row[0].as<long long>());
    checkpoint.set_events(events);
    checkpoint.set_root(row[2].as<std::string>());
    checkpoint.set_issued_at(row[3].as<std::string>());
    checkpoint.set_key_id(row[4].as<std::string>());
    checkpoint.set_jws(row[5].as<std::string>());
    return checkpoint;
  }
  checkpoint.set_chains(static_cast<long long>(heads.size()));
  checkpoint.set_events(events);
  checkpoint.set_root(ToHex(MerkleRoot(heads)));
  checkpoint.set_issued_at(Rfc3339(now));
  checkpoint.set_key_id(key.kid());
  checkpoint.set_jws(key.Sign(CheckpointPayload(checkpoint), "JWT"));
  kAddCheckpoint.Run(txn, tenant, checkpoint.chains(), events, checkpoint.root(),
                     checkpoint.issued_at(), checkpoint.key_id(), checkpoint.jws());
  return checkpoint;
}

std::string PseudonymOf(int person_id) { return absl::StrCat("erased-person-", person_id); }

std::optional<v1::ChainProof> ChainProofOf(const std::vector<ChainHead>& heads, int person_id) {
  const auto at =
      std::lower_bound(heads.begin(), heads.end(), person_id,
                       [](const ChainHead& head, int id) { return head.person_id < id; });
  if (at == heads.end() || at->person_id != person_id) return std::nullopt;
  const auto index = static_cast<std::size_t>(at - heads.begin());
  v1::ChainProof proof;
  proof.set_person_id(person_id);
  proof.set_head_hash(ToHex(at->hash));
  proof.set_leaf_index(static_cast<long long>(index));
  proof.set_leaf_count(static_cast<long long>(heads.size()));
  for (const std::string& sibling : MerkleProof(heads, index)) proof.add_siblings(ToHex(sibling));
  return proof;
}

std::vector<std::string> TenantsWithoutCurrentCheckpoint(pqxx::transaction_base& txn) {
  std::vector<std::string> tenants;
  for (const auto& row : kStaleTenants.Run(txn)) tenants.push_back(row[0].as<std::string>());
  return tenants;
}

}  // namespace consent::ledger
