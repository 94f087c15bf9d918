#include "server/db/statement.h"

#include <cstdio>
#include <cstdlib>

#include <absl/strings/str_cat.h>

namespace consent::db {
namespace {

// Filled during static initialisation, read only afterwards (connections open after main).
std::vector<const Statement*>& Registry() {
  static std::vector<const Statement*> statements;
  return statements;
}

}  // namespace

Statement::Statement(std::string name, std::string sql)
    : name_(std::move(name)), sql_(std::move(sql)) {
  for (const Statement* other : Registry()) {
    if (other->name() == name_) {
      std::fprintf(stderr, "duplicate SQL statement name %s\n", name_.c_str());
      std::abort();
    }
  }
  Registry().push_back(this);
}

const std::string* StatementSql(const std::string& name) {
  for (const Statement* statement : Registry()) {
    if (statement->name() == name) return &statement->sql();
  }
  return nullptr;
}

void PrepareAll(pqxx::connection_base& conn) {
  for (const Statement* statement : Registry()) conn.prepare(statement->name(), statement->sql());
}

absl::Status CheckAllPrepare(const std::string& database_url) {
  std::string current;
  try {
    pqxx::connection conn(database_url);
    for (const Statement* statement : Registry()) {
      current = statement->name();
      conn.prepare(current, statement->sql());
      conn.prepare_now(current);
    }
  } catch (const std::exception& e) {
    if (current.empty()) return absl::UnavailableError(absl::StrCat("database: ", e.what()));
    return absl::FailedPreconditionError(
        absl::StrCat("SQL statement ", current, " does not prepare: ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace consent::db
