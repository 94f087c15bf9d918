#pragma once
// The append-only evidence log of consent changes (table consent_history). Writers call
// Append inside the same transaction as the change itself, so a change and its history
// entry commit together or not at all. (A person's data consent writes its entry in the
// same statement as the change: persons::RecordDataConsent.)
#include <string>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "common/call_context.h"
#include "common/paging.h"
#include "consent/v1/persons.pb.h"

namespace consent::history {

void AppendConsentPerson(pqxx::transaction_base& txn, const CallContext& call,
                         const std::string& action, const v1::ConsentPerson& consent_person);

// Newest first.
absl::StatusOr<v1::ListConsentHistoryResponse> List(pqxx::transaction_base& txn,
                                                    const CallContext& call, int person_id,
                                                    const PageRequest& page);

}  // namespace consent::history
