#pragma once
// Everything held about one person (GDPR Art. 15/20), read in one transaction: the items
// of PersonDataService.ExportPerson in the order person_data.proto gives.
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "lib/ledger/ledger_signature.h"
#include "proto/consent/v1/person_data.pb.h"
#include "server/common/call_context.h"

namespace consent::person_data {

// NOT_FOUND when the person never existed in the caller's tenant. The checkpoint item is
// the tenant's latest, made now (signed by `key`) if events came since.
absl::StatusOr<std::vector<v1::PersonExportItem>> ExportPerson(pqxx::transaction_base& txn,
                                                               const CallContext& call,
                                                               int person_id,
                                                               const ledger::SigningKey& key);

}  // namespace consent::person_data
