#pragma once
// SQL for `consent_persons`. Every statement filters by tenant.
#include <optional>
#include <string>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "server/common/call_context.h"

namespace consent::consent_persons {

struct ConsentPersonRow {
  int id = 0;
  int person_id = 0;
  std::optional<int> purpose_id;
  std::optional<int> legal_base_id;
  std::optional<int> source_id;
  std::string comment;
  long long version = 0;

  friend bool operator==(const ConsentPersonRow&, const ConsentPersonRow&) = default;
};

ConsentPersonRow Insert(pqxx::transaction_base& txn, const CallContext& call,
                        const ConsentPersonRow& row);

// NOT_FOUND for unknown ids (and other tenants' records). `for_update` locks the row until
// the transaction ends, so concurrent saves of one record run one after another.
absl::StatusOr<ConsentPersonRow> Get(pqxx::transaction_base& txn, const CallContext& call, int id,
                                     bool for_update = false);

// Overwrites row.id's columns and increments its version.
ConsentPersonRow Update(pqxx::transaction_base& txn, const CallContext& call,
                        const ConsentPersonRow& row);

}  // namespace consent::consent_persons
