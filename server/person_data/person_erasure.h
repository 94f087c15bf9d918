#pragma once
// Erasure of a person (GDPR Art. 17): their personal data removed everywhere the service
// keeps it, the ledger's events and hashes kept, so every chain and checkpoint still
// verifies (the chain commits to personal data only through salted digests, whose salts
// go too). Afterwards the person appears as a pseudonym, is gone for every other call (as
// a deleted person is) and checks answer `none`.
#include <absl/status/statusor.h>
#include <absl/time/time.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/person_data.pb.h"
#include "server/common/call_context.h"

namespace consent::person_data {

// NOT_FOUND when the person never existed in the caller's tenant. Erasing an erased
// person again changes nothing and answers as the first erasure did.
absl::StatusOr<v1::ErasePersonResponse> ErasePerson(pqxx::transaction_base& txn,
                                                    const CallContext& call, int person_id,
                                                    absl::Time now);

}  // namespace consent::person_data
