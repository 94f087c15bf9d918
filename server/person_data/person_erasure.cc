#include "server/person_data/person_erasure.h"

#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "server/db/statement.h"
#include "server/ledger/event_append.h"
#include "server/ledger/ledger_proofs.h"

namespace consent::person_data {
namespace {

// Locks the person; its personal data as it was (to find copies of it elsewhere) and when
// it was erased, if it was.
const db::Statement kLockPerson(
    "erasure.lock_person",
    "SELECT first_name, last_name, email, coalesce(rfc3339(erased_at), '') FROM persons"
    " WHERE tenant = $1 AND person_id = $2 FOR UPDATE");
const db::Statement kErasePerson(
    "erasure.person",
    "UPDATE persons SET first_name = '', last_name = '', email = '', erased_at = $3::timestamptz,"
    " deleted_at = coalesce(deleted_at, $3::timestamptz),"
    " version = version + 1 WHERE tenant = $1 AND person_id = $2");
const db::Statement kEraseDataConsent(
    "erasure.data_consent",
    "UPDATE person_data_consents SET description = '' WHERE tenant = $1 AND person_id = $2");
const db::Statement kEraseConsentPersons(
    "erasure.consent_persons",
    "UPDATE consent_persons SET comment = '' WHERE tenant = $1 AND person_id = $2");
// The snapshots keep what was decided, not the free text around it.
const db::Statement kEraseHistory(
    "erasure.history",
    "UPDATE consent_history SET snapshot = snapshot - 'description' - 'Comment'"
    " WHERE tenant = $1 AND person_id = $2"
    " AND (snapshot ? 'description' OR snapshot ? 'Comment')");
const db::Statement kEraseEventDetails(
    "erasure.event_details",
    "DELETE FROM consent_event_details d USING consent_events e"
    " WHERE d.tenant = $1 AND e.tenant = $1 AND e.person_id = $2 AND d.event_id = e.event_id");
// Remembered answers of idempotent writes may hold the person's data: forget those that do.
const db::Statement kForgetAnswers(
    "erasure.idempotent_answers",
    "DELETE FROM idempotent_requests WHERE tenant = $1 AND EXISTS (SELECT 1 FROM"
    " jsonb_array_elements_text($2::jsonb) AS s(text) WHERE s.text <> ''"
    " AND position(convert_to(s.text, 'UTF8') IN response) > 0)");
const db::Statement kCountEvents(
    "erasure.count_events",
    "SELECT count(*) FROM consent_events WHERE tenant = $1 AND person_id = $2");

}  // namespace

absl::StatusOr<v1::ErasePersonResponse> ErasePerson(pqxx::transaction_base& txn,
                                                    const CallContext& call, int person_id,
                                                    absl::Time now) {
  const pqxx::result locked = kLockPerson.Run(txn, call.tenant, person_id);
  if (locked.empty()) return absl::NotFoundError("no such person");
  v1::ErasePersonResponse response;
  response.set_person_id(person_id);
  response.set_pseudonym(ledger::PseudonymOf(person_id));
  response.set_events_kept(kCountEvents.RunOne(txn, call.tenant, person_id)[0].as<long long>());
  const std::string erased_before = locked[0][3].as<std::string>();
  if (!erased_before.empty()) {
    response.set_erased_at(erased_before);
    return response;
  }
  const std::string texts =
      nlohmann::json::array({locked[0][0].as<std::string>(), locked[0][1].as<std::string>(),
                             locked[0][2].as<std::string>()})
          .dump();
  response.set_erased_at(ledger::Rfc3339(now));
  txn.exec("SET LOCAL consent.erasure = 'on'");
  kForgetAnswers.Run(txn, call.tenant, texts);
  kErasePerson.Run(txn, call.tenant, person_id, response.erased_at());
  kEraseDataConsent.Run(txn, call.tenant, person_id);
  kEraseConsentPersons.Run(txn, call.tenant, person_id);
  kEraseHistory.Run(txn, call.tenant, person_id);
  kEraseEventDetails.Run(txn, call.tenant, person_id);
  return response;
}

}  // namespace consent::person_data
