#pragma once
// SQL for persons and their current data consent. Every statement filters by tenant.
#include <optional>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/persons.pb.h"
#include "server/common/call_context.h"
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

// Records several decisions (of distinct persons) in one statement, without waiting for
// row locks. The result at i is decisions[i] as recorded, or nullopt when its person is
// locked by another transaction or unknown: RecordDataConsent then tells which.
std::vector<std::optional<StoredDataConsent>> RecordDataConsentsUnlessLocked(
    pqxx::transaction_base& txn, const std::vector<DataConsentDecision>& decisions);

// NOT_FOUND for an unknown or deleted person and for a person with no decision yet.
absl::StatusOr<StoredDataConsent> GetDataConsent(pqxx::transaction_base& txn,
                                                 const CallContext& call, int person_id);

}  // namespace consent::persons
