#pragma once
#include <exception>

#include <absl/status/status.h>

namespace consent {
// Maps a libpqxx exception to a status without leaking SQL or server detail to callers:
// unique violation -> ALREADY_EXISTS, serialization/deadlock -> ABORTED, statement
// timeout -> DEADLINE_EXCEEDED, lost connection -> UNAVAILABLE, anything else -> INTERNAL
// (logged on stderr).
absl::Status StatusFromSqlError(const std::exception& error);
}  // namespace consent
