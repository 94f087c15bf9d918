#pragma once
// SQL for persons and their current data consent. Every statement filters by tenant.
#include <optional>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/persons.pb.h"
#include "server/common/call_context.h"
#include "server/common/idempotency.h"
#include "server/common/paging.h"

namespace consent::persons {

struct StoredPerson {
  v1::Person person;
  long long version = 0;
};

StoredPerson Insert(pqxx::transaction_base& txn, const CallContext& call, const v1::Person& person);

// NOT_FOUND for unknown or deleted persons (and for other tenants' persons). With
// `for_update` the row stays locked until the transaction ends.
absl::StatusOr<StoredPerson> Get(pqxx::transaction_base& txn, const CallContext& call,
                                 int person_id, bool for_update = false);

// True for persons deleted since, too (their history remains).
bool EverExisted(pqxx::transaction_base& txn, const CallContext& call, int person_id);

absl::Status SoftDelete(pqxx::transaction_base& txn, const CallContext& call, int person_id);

v1::ListPersonsResponse List(pqxx::transaction_base& txn, const CallContext& call,
                             const PageRequest& page);

// One person's data-consent decision, as a call made it.
struct DataConsentDecision {
  const CallContext* call;
  int person_id;
  const v1::PersonDataConsent* consent;
  const IdempotencyKey* key = nullptr;  // null or empty: the call sent none
};

// A decision as stored, with its version (for the ETag).
struct StoredDataConsent {
  v1::PersonDataConsent consent;
  long long version = 0;
};

// Records the current decision and its history entry; returns it with recorded_at set.
// NOT_FOUND for an unknown or deleted person.
absl::StatusOr<StoredDataConsent> RecordDataConsent(pqxx::transaction_base& txn,
                                                    const DataConsentDecision& decision);

// What a batch's statement did with one of its decisions: recorded it, or found its
// idempotency key already used (`remembered`, the first answer; nothing was written), or
// neither: its person is locked by another transaction or unknown, or its key is held by
// a concurrent call (RecordDataConsent alone then tells which).
struct BatchedDecision {
  std::optional<StoredDataConsent> recorded;
  std::optional<RememberedAnswer> remembered;
};

// Records several decisions (of distinct persons, with distinct keys) in one statement,
// without waiting for row or key locks; a decision's key is remembered in the same
// statement as the decision. The result at i is about decisions[i].
std::vector<BatchedDecision> RecordDataConsentsUnlessLocked(
    pqxx::transaction_base& txn, const std::vector<DataConsentDecision>& decisions);

// NOT_FOUND for an unknown or deleted person and for a person with no decision yet.
absl::StatusOr<StoredDataConsent> GetDataConsent(pqxx::transaction_base& txn,
                                                 const CallContext& call, int person_id);

}  // namespace consent::persons
