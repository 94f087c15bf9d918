#pragma once
// What the ledger signs (docs/ledger.md, "Proof"): a consent receipt per event and, per
// tenant, checkpoints over every chain head.
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/time/time.h>
#include <pqxx/pqxx>

#include "lib/ledger/ledger_signature.h"
#include "lib/ledger/merkle_root.h"
#include "proto/consent/v1/ledger.pb.h"

namespace consent::ledger {

// The receipt's claims (Kantara Consent Receipt v1.1 fields with an ISO/IEC TS 27560 style
// record of the decision), signed as a JWT by `key`.
v1::ConsentReceipt Receipt(const std::string& tenant, const v1::ConsentEvent& event,
                           const SigningKey& key, absl::Time now);

// The tenant's latest checkpoint: the stored one when no event came since, else a new one
// over the current chain heads, signed by `key` and stored. `heads_read` (if given) gets
// the chain heads it read, in ascending person id.
v1::LedgerCheckpoint Checkpoint(pqxx::transaction_base& txn, const std::string& tenant,
                                const SigningKey& key, absl::Time now,
                                std::vector<ChainHead>* heads_read = nullptr);

// Where `person_id`'s head sits among `heads` (as Checkpoint read them), under their root;
// nullopt when the person has no chain.
std::optional<v1::ChainProof> ChainProofOf(const std::vector<ChainHead>& heads, int person_id);

// The pseudonym an erased person appears under (receipts, erasure's answer).
std::string PseudonymOf(int person_id);

// Tenants whose chains moved since their last checkpoint (the schedule's work list).
std::vector<std::string> TenantsWithoutCurrentCheckpoint(pqxx::transaction_base& txn);

}  // namespace consent::ledger
