#include "db/statement.h"

#include <cstdio>
#include <cstdlib>

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

void PrepareAll(pqxx::connection_base& conn) {
  for (const Statement* statement : Registry()) conn.prepare(statement->name(), statement->sql());
}

}  // namespace consent::db
