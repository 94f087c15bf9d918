#pragma once
// A ConsentPerson record is a grant for its purpose, under its legal base and source, for
// every medium: each save appends that decision to the ledger (ledger/event_append.h) in
// the save's transaction; a save that moves the record to another purpose also withdraws
// the old one.
#include <optional>

#include <absl/status/status.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/consent_persons.pb.h"
#include "server/common/call_context.h"

namespace consent::consent_persons {

// `saved`: the record as resolved after the save; `before_purpose`: the purpose it had
// before (nullopt on create).
absl::Status AppendSaveEvents(pqxx::transaction_base& txn, const CallContext& call,
                              const v1::ConsentPerson& saved, std::optional<int> before_purpose);

}  // namespace consent::consent_persons
