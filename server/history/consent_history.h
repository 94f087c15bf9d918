#pragma once
// The append-only evidence log of consent changes (table consent_history). Writers call
// Append inside the same transaction as the change itself, so a change and its history
// entry commit together or not at all. (A person's data consent writes its entry in the
// same statement as the change: persons::RecordDataConsent.)
#include <string>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/consent_types.pb.h"
#include "proto/consent/v1/persons.pb.h"
#include "server/common/call_context.h"
#include "server/common/paging.h"

namespace consent::history {

void AppendConsentPerson(pqxx::transaction_base& txn, const CallContext& call,
                         const std::string& action, const v1::ConsentPerson& consent_person);

// A consent type (its versions and texts) as created or updated ("create", "update"),
// in table consent_type_history. No API reads it yet; it is evidence for audits.
void AppendConsentType(pqxx::transaction_base& txn, const CallContext& call,
                       const std::string& action, const v1::ConsentTypeEntry& entry);

// Newest first.
absl::StatusOr<v1::ListConsentHistoryResponse> List(pqxx::transaction_base& txn,
                                                    const CallContext& call, int person_id,
                                                    const PageRequest& page);

}  // namespace consent::history
