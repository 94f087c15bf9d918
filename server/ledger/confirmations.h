#pragma once
// Double opt-in tokens (table consent_confirmations): 32 random bytes, base64url, handed to
// the caller once; only their SHA-256 is stored. A token confirms once, before it expires.
#include <string>

#include <absl/status/statusor.h>
#include <absl/time/time.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/ledger.pb.h"
#include "server/common/call_context.h"

namespace consent::ledger {

std::string NewConfirmationToken();

// Remembers `token` for `event` (an awaiting decision) until `expires_at`.
void AddConfirmation(pqxx::transaction_base& txn, const CallContext& call,
                     const v1::ConsentEvent& event, const std::string& token,
                     absl::Time expires_at);

struct ClaimedConfirmation {
  std::string tenant;
  std::string event_id;  // the awaiting decision it confirms
};

// Marks `token` used at `now` and returns what it confirms: NOT_FOUND when no such token
// exists or it has expired, ALREADY_EXISTS when it was used before. The claim holds the
// token's row until the transaction ends, so two confirmations of one token cannot both win.
absl::StatusOr<ClaimedConfirmation> Claim(pqxx::transaction_base& txn, const std::string& token,
                                          absl::Time now);

// Links the claimed token to the grant it recorded.
void SetConfirmedBy(pqxx::transaction_base& txn, const std::string& token,
                    const std::string& event_id);

}  // namespace consent::ledger
