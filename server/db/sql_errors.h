#pragma once
#include <exception>
#include <string>

#include <absl/status/status.h>

namespace consent {

// Maps a libpqxx exception to a status without leaking SQL or server detail to callers:
// unique violation -> ALREADY_EXISTS, foreign-key violation -> a field violation (422) on
// the property the key guards (see ForeignKeyField), serialization/deadlock -> ABORTED,
// statement timeout -> DEADLINE_EXCEEDED, lost connection -> UNAVAILABLE, anything else ->
// INTERNAL (logged on stderr).
absl::Status StatusFromSqlError(const std::exception& error);

// Names the API property a foreign-key constraint guards, so that a violation of it reads
// "ConsentPurpose: does not exist". Define one at namespace scope next to the repository
// whose statements can violate the constraint (as db::Statement is defined).
class ForeignKeyField {
 public:
  ForeignKeyField(std::string constraint, std::string field);
};

}  // namespace consent
