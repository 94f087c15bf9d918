#pragma once
// Appending events to the ledger, shared by every write that records a decision (the
// ledger's own RecordConsent, a person's data consent, a ConsentPerson save): the event is
// completed here (id, recordedAt, digests) and appended by SQL this file writes, inside the
// writer's own statement, so the decision, its fast view and its event commit together.
//
// The statement advances the person's chain head (ledger_heads) with an upsert: PostgreSQL
// re-reads a row changed concurrently before updating it, so two appends for one person
// chain one after the other, never onto the same head. One statement appends at most one
// event per person (a batch never holds two decisions of one person).
#include <string>
#include <string_view>

#include <absl/strings/string_view.h>
#include <absl/time/time.h>
#include <nlohmann/json.hpp>

#include "proto/consent/v1/ledger.pb.h"
#include "proto/consent/v1/persons.pb.h"
#include "server/common/call_context.h"

namespace consent::ledger {

// An event ready to append: every field but sequence and the hashes set.
struct NewEvent {
  v1::ConsentEvent event;
  std::string salt;  // of the details digest, 16 random bytes
};

// Completes `event` (its subject, medium, state, references, notice, description, evidence
// and collected_at set by the caller; collected_at empty: `now`) for `call` at `now`.
NewEvent Prepare(const CallContext& call, v1::ConsentEvent event, absl::Time now);

// The JSON object the statement reads the event from: kEventColumns.
nlohmann::json EventRecord(const CallContext& call, const NewEvent& event);

// Column definitions of EventRecord for jsonb_to_record(set).
extern const char kEventColumns[];

// CTEs `heads`, `appended` and `details` appending every row of the CTE `source` (with the
// columns kEventColumns). `appended` returns tenant, person_id, event_id, sequence,
// prev_hash and hash (bytea).
std::string AppendEventsSql(absl::string_view source);

// The event state of a data-consent status (awaiting, refused, granted).
v1::ConsentEvent::State FromStatus(v1::ConsentStatus status);

// RFC 3339 UTC with microseconds, as the database's rfc3339() writes it.
std::string Rfc3339(absl::Time time);
// The instant of an RFC 3339 text; false when it is not one or is finer than microseconds.
bool ParseRfc3339(std::string_view text, absl::Time* time);

}  // namespace consent::ledger
