#pragma once
// SQL for persons and their current data consent. Every statement filters by tenant.
#include <optional>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "common/call_context.h"
#include "common/paging.h"
#include "consent/v1/persons.pb.h"

namespace consent::persons {

struct StoredPerson {
  v1::Person person;
  long long version = 0;
};

StoredPerson Insert(pqxx::work& txn, const CallContext& call, const v1::Person& person);

// NOT_FOUND for unknown or deleted persons (and for other tenants' persons). With
// `for_update` the row stays locked until the transaction ends.
absl::StatusOr<StoredPerson> Get(pqxx::work& txn, const CallContext& call, int person_id,
                                 bool for_update = false);

absl::Status SoftDelete(pqxx::work& txn, const CallContext& call, int person_id);

v1::ListPersonsResponse List(pqxx::work& txn, const CallContext& call, const PageRequest& page);

// Upserts the current decision and returns it with its recorded_at set.
v1::PersonDataConsent SetDataConsent(pqxx::work& txn, const CallContext& call, int person_id,
                                     const v1::PersonDataConsent& consent);

std::optional<v1::PersonDataConsent> GetDataConsent(pqxx::work& txn, const CallContext& call,
                                                    int person_id);

}  // namespace consent::persons
