#pragma once
// Field rules of ConsentTypeEntry (MyPreferences POST ConsentTypes and PATCH ConsentType).
// Lengths count characters (code points):
//   TypeName                         required, 1..100
//   Versions[].ConsentVersion        required, 1..100
//   Versions[].ExpirationInDays      >= 0
//   Versions[].LocalizedFields[]     Locale required 1..35 (BCP 47), Name required 1..200,
//                                    ConsentLanguage <= 100, Description <= 4000
// Violations are keyed by JSON property path.
#include <string>
#include <utility>
#include <vector>

#include <absl/status/status.h>

#include "proto/consent/v1/consent_types.pb.h"

namespace consent::consent_types {

// One consent type, e.g. after a PATCH: violations keyed "TypeName", "Versions[0]...".
absl::Status ValidateConsentType(const v1::ConsentTypeEntry& entry);

// A create batch: at least one and at most kMaxBatch entries, each valid.
constexpr int kMaxBatch = 100;
absl::Status ValidateCreate(const v1::CreateConsentTypesRequest& request);

// ALREADY_EXISTS naming each (property path, TypeName) whose name is already taken
// (case-insensitively, within the tenant or earlier in the same batch); OK when none.
absl::Status TypeNamesTaken(const std::vector<std::pair<std::string, std::string>>& taken);

}  // namespace consent::consent_types
