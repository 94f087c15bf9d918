#pragma once
// SQL of the consent ledger (tables consent_events, consent_event_details, ledger_heads,
// consent_confirmations; migration 0008). Every statement filters by tenant.
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <absl/time/time.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/ledger.pb.h"
#include "server/common/call_context.h"
#include "server/common/paging.h"
#include "server/ledger/event_append.h"

namespace consent::ledger {

// An event (Prepare'd) to append for a call.
struct Appending {
  const CallContext* call;
  NewEvent* event;
};

// Appends every event, in one statement, to its person's chain and sets its sequence and
// hashes; at most one event per person. The status of each: NOT_FOUND when the person is
// unknown, deleted or erased (nothing appended for it).
std::vector<absl::Status> AppendAll(pqxx::transaction_base& txn,
                                    const std::vector<Appending>& events);
// AppendAll of one event.
absl::Status Append(pqxx::transaction_base& txn, const CallContext& call, NewEvent& event);

// What one check asks, as the check query reads it.
struct CheckKey {
  int person_id = 0;
  std::string subject_kind;  // data_consent, purpose, type
  int subject_id = 0;
  std::string medium;  // empty: any
};

// The latest event for a check as of an instant, with what decides its standing.
struct Deciding {
  v1::DecidingEvent event;
  bool expired = false;           // expires_at <= at
  bool version_inactive = false;  // a type decision whose version (or type) is not active
};

// One query for all `keys`: the deciding event of each (nullopt: none, or the person is
// unknown, deleted or erased), in the order of `keys`.
std::vector<std::optional<Deciding>> LatestDecisions(pqxx::transaction_base& txn,
                                                     const std::string& tenant,
                                                     const std::vector<CheckKey>& keys,
                                                     absl::Time at);

// Every subject and medium the person decided on as of `at`, each with its latest event.
// NOT_FOUND when the person is unknown.
absl::StatusOr<std::vector<std::pair<v1::ConsentCheck, Deciding>>> PersonDecisions(
    pqxx::transaction_base& txn, const CallContext& call, int person_id, absl::Time at);

// The person's events, newest first.
absl::StatusOr<v1::ListConsentEventsResponse> ListEvents(pqxx::transaction_base& txn,
                                                         const CallContext& call, int person_id,
                                                         const PageRequest& page);

absl::StatusOr<v1::ConsentEvent> GetEvent(pqxx::transaction_base& txn, const CallContext& call,
                                          const std::string& event_id);

}  // namespace consent::ledger
