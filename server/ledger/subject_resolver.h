#pragma once
// What a decision refers to, looked up in one query before it is recorded: the purpose's
// texts or the ConsentType version's (the notice the person saw) and expiry, and that the
// legal base and source exist. An unknown, deleted or inactive reference is
// INVALID_ARGUMENT naming the property.
#include <vector>

#include <absl/status/statusor.h>
#include <absl/time/time.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/ledger.pb.h"
#include "server/common/call_context.h"

namespace consent::ledger {

// A decision to resolve: its call, its (validated) request, the call's server time.
struct Resolving {
  const CallContext* call;
  const v1::RecordConsentRequest* request;
  absl::Time now;
};

// In one query for all `decisions`: the event each records, but for what Prepare adds:
// subject (with the version chosen), medium, state, references, notice, description,
// evidence, collectedAt and, for a grant under a version with ExpirationInDays N > 0,
// expiresAt = collectedAt + N days. Or the error of its references.
std::vector<absl::StatusOr<v1::ConsentEvent>> ResolveAll(pqxx::transaction_base& txn,
                                                         const std::vector<Resolving>& decisions);

}  // namespace consent::ledger
