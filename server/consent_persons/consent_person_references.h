#pragma once
// The list items a ConsentPerson refers to (ConsentPurpose, LegalBase, ConsentSource):
// only their ids are read from a request; responses carry the full items as stored.
#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/consent_persons.pb.h"
#include "server/common/call_context.h"
#include "server/consent_persons/consent_person_repository.h"

namespace consent::consent_persons {

// The request as a row: a null reference or one with id 0 is "none".
ConsentPersonRow RowFromRequest(const v1::ConsentPerson& request);

// The full resource for `row`, referenced items read from list_items (their kind must
// match). A reference to an item that does not exist for the tenant, or is of another
// kind, is a field violation on that property ("ConsentPurpose", "LegalBase",
// "ConsentSource"), not NOT_FOUND: the request body is what is wrong, so REST answers 422.
// Soft-deleted items still exist and may be referenced. TableRight/FieldProperties are
// not set here.
absl::StatusOr<v1::ConsentPerson> Resolve(pqxx::transaction_base& txn, const CallContext& call,
                                          const ConsentPersonRow& row);

}  // namespace consent::consent_persons
