#pragma once
// SQL for consent types (table consent_types; versions as the API's JSON array). Every
// statement filters by tenant.
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/consent_types.pb.h"
#include "server/common/call_context.h"
#include "server/common/paging.h"

namespace consent::consent_types {

struct StoredConsentType {
  v1::ConsentTypeEntry entry;
  long long version = 0;  // the ETag
};

enum class Lock { kNone, kForUpdate };

// Indexes into `names` of those already used (case-insensitively, as the unique index
// compares) by a type of the tenant other than `except_type_id`, or by an earlier name in
// `names`.
std::vector<int> TakenNames(pqxx::transaction_base& txn, const CallContext& call,
                            const std::vector<std::string>& names, int except_type_id);

// `count` fresh ids from the sequence consent_version_ids.
std::vector<int> NextVersionIds(pqxx::transaction_base& txn, int count);

// Inserts `entry` (Edited and version ids already set) and returns it with its TypeId.
StoredConsentType Insert(pqxx::transaction_base& txn, const CallContext& call,
                         const v1::ConsentTypeEntry& entry);

// NOT_FOUND for unknown ids and for other tenants' types.
absl::StatusOr<StoredConsentType> Get(pqxx::transaction_base& txn, const CallContext& call,
                                      int type_id, Lock lock);

v1::ConsentTypeEntryList List(pqxx::transaction_base& txn, const CallContext& call,
                              const PageRequest& page);

// Writes name, activity, versions and the modification stamp; increments the version.
StoredConsentType Update(pqxx::transaction_base& txn, const CallContext& call,
                         const v1::ConsentTypeEntry& entry);

}  // namespace consent::consent_types
