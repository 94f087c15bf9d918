#pragma once
#include <absl/status/status.h>

#include "server/consent_persons/consent_person_repository.h"

namespace consent::consent_persons {

// PersonId required (non-zero), ConsentPurpose required (non-null, non-zero id), Comment at
// most 2000 characters. Whether the references exist is checked against the database.
absl::Status ValidateConsentPerson(const ConsentPersonRow& row);

inline constexpr int kMaxCommentLength = 2000;

}  // namespace consent::consent_persons
