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
#include "proto/consent/v1/ledger.pb.h"

namespace consent::ledger {

// The receipt's claims (Kantara Consent Receipt v1.1 fields with an ISO/IEC TS 27560 style
// record of the decision), signed as a JWT by `key`.
v1::ConsentReceipt Receipt(const std::string& tenant, const v1::ConsentEvent& event,
                           const SigningKey& key, absl::Time now);

// The tenant's latest checkpoint: the stored one when no event came since, else a new one
// over the current chain heads, signed by `key` and stored.
v1::LedgerCheckpoint Checkpoint(pqxx::transaction_base& txn, const std::string& tenant,
                                const SigningKey& key, absl::Time now);

// Where `person_id`'s chain head sits under the root of Checkpoint() made in the same
// snapshot; nullopt when the person has no events.
std::optional<v1::ChainProof> ChainProofOf(pqxx::transaction_base& txn, const std::string& tenant,
                                           int person_id);

// Tenants whose chains moved since their last checkpoint (the schedule's work list).
std::vector<std::string> TenantsWithoutCurrentCheckpoint(pqxx::transaction_base& txn);

}  // namespace consent::ledger
