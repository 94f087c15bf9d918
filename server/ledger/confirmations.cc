#include "server/ledger/confirmations.h"

#include <sodium.h>

#include <absl/strings/escaping.h>

#include "lib/ledger/event_digest.h"
#include "server/db/statement.h"
#include "server/ledger/event_append.h"

namespace consent::ledger {
namespace {

const db::Statement kAdd(
    "ledger.add_confirmation",
    "INSERT INTO consent_confirmations (token_hash, tenant, person_id, event_id, expires_at)"
    " VALUES ($1, $2, $3, $4::uuid, $5::timestamptz)");
const db::Statement kClaim(
    "ledger.claim_confirmation",
    "UPDATE consent_confirmations SET used_at = $2::timestamptz"
    " WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2::timestamptz"
    " RETURNING tenant, event_id::text");
const db::Statement kWhyNot("ledger.confirmation_state",
                            "SELECT used_at IS NOT NULL FROM consent_confirmations"
                            " WHERE token_hash = $1");
const db::Statement kSetConfirmedBy(
    "ledger.set_confirmed_by",
    "UPDATE consent_confirmations SET confirmed_event_id = $2::uuid WHERE token_hash = $1");

pqxx::binarystring HashOf(const std::string& token) { return pqxx::binarystring(Sha256(token)); }

}  // namespace

std::string NewConfirmationToken() {
  std::string bytes(32, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return absl::WebSafeBase64Escape(bytes);
}

void AddConfirmation(pqxx::transaction_base& txn, const CallContext& call,
                     const v1::ConsentEvent& event, const std::string& token,
                     absl::Time expires_at) {
  kAdd.Run(txn, HashOf(token), call.tenant, event.person_id(), event.event_id(),
           Rfc3339(expires_at));
}

absl::StatusOr<ClaimedConfirmation> Claim(pqxx::transaction_base& txn, const std::string& token,
                                          absl::Time now) {
  auto rows = kClaim.Run(txn, HashOf(token), Rfc3339(now));
  if (!rows.empty()) {
    ClaimedConfirmation claimed;
    claimed.tenant = rows[0][0].as<std::string>();
    claimed.event_id = rows[0][1].as<std::string>();
    return claimed;
  }
  auto state = kWhyNot.Run(txn, HashOf(token));
  if (state.empty()) return absl::NotFoundError("no such confirmation token");
  if (state[0][0].as<bool>()) return absl::AlreadyExistsError("the token was already confirmed");
  return absl::NotFoundError("the confirmation token has expired");
}

void SetConfirmedBy(pqxx::transaction_base& txn, const std::string& token,
                    const std::string& event_id) {
  kSetConfirmedBy.Run(txn, HashOf(token), event_id);
}

}  // namespace consent::ledger
