#include "server/db/sql_errors.h"

#include <map>
#include <string_view>

#include <pqxx/except>

#include "lib/observability/json_log.h"
#include "lib/wire/status_details.h"

namespace consent {
namespace {

// Filled during static initialisation, read-only afterwards.
std::map<std::string, std::string, std::less<>>& ForeignKeyFields() {
  static auto* fields = new std::map<std::string, std::string, std::less<>>;
  return *fields;
}

// PostgreSQL says: ... violates foreign key constraint "NAME" ...
std::string_view ConstraintNamed(std::string_view message) {
  constexpr std::string_view kMarker = "foreign key constraint \"";
  size_t start = message.find(kMarker);
  if (start == std::string_view::npos) return {};
  start += kMarker.size();
  size_t end = message.find('"', start);
  return end == std::string_view::npos ? std::string_view() : message.substr(start, end - start);
}

}  // namespace

ForeignKeyField::ForeignKeyField(std::string constraint, std::string field) {
  ForeignKeyFields().emplace(std::move(constraint), std::move(field));
}

absl::Status StatusFromSqlError(const std::exception& error) {
  if (dynamic_cast<const pqxx::unique_violation*>(&error))
    return absl::AlreadyExistsError("a resource with the same unique value already exists");
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&error)) {
    auto it = ForeignKeyFields().find(ConstraintNamed(error.what()));
    return wire::FieldViolation(it == ForeignKeyFields().end() ? "" : it->second, "does not exist");
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&error) ||
      dynamic_cast<const pqxx::deadlock_detected*>(&error))
    return absl::AbortedError("concurrent update conflict; retry");
  auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  if (sql && sql->sqlstate() == "57014")  // query_canceled: statement_timeout fired
    return absl::DeadlineExceededError("database statement timed out");
  // read_only_sql_transaction: a standby after a failover, or default_transaction_read_only.
  // The client's write is fine; the database cannot take it now.
  // lock_not_available: lock_timeout fired, another change holds the row.
  if (sql && sql->sqlstate() == "55P03")
    return absl::UnavailableError("the resource is being changed by another request; retry");
  if (sql && sql->sqlstate() == "25006")
    return absl::UnavailableError("the database accepts no writes at the moment; retry later");
  if (dynamic_cast<const pqxx::broken_connection*>(&error))
    return absl::UnavailableError("database unavailable");
  observability::LogJson("error", "database error", {{"error", error.what()}});
  return absl::InternalError("internal error");
}

}  // namespace consent
