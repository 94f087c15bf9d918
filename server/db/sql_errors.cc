#include "server/db/sql_errors.h"

#include <pqxx/except>

#include "lib/observability/json_log.h"

namespace consent {

absl::Status StatusFromSqlError(const std::exception& error) {
  if (dynamic_cast<const pqxx::unique_violation*>(&error))
    return absl::AlreadyExistsError("a resource with the same unique value already exists");
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&error))
    return absl::FailedPreconditionError("a referenced resource does not exist");
  if (dynamic_cast<const pqxx::serialization_failure*>(&error) ||
      dynamic_cast<const pqxx::deadlock_detected*>(&error))
    return absl::AbortedError("concurrent update conflict; retry");
  auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  if (sql && sql->sqlstate() == "57014")  // query_canceled: statement_timeout fired
    return absl::DeadlineExceededError("database statement timed out");
  if (dynamic_cast<const pqxx::broken_connection*>(&error))
    return absl::UnavailableError("database unavailable");
  observability::LogJson("error", "database error", {{"error", error.what()}});
  return absl::InternalError("internal error");
}

}  // namespace consent
