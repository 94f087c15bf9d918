#pragma once
// A named SQL statement that every pooled connection prepares, so PostgreSQL parses and
// plans it once per connection instead of once per call. Define each one at namespace
// scope next to the code that runs it:
//
//   const db::Statement kGetPerson("persons.get", "SELECT ... WHERE person_id = $1");
//   auto rows = kGetPerson.Run(txn, person_id);
//
// Construction registers the statement; ConnectionPool prepares the registered set on
// each new connection (libpqxx sends the PREPARE lazily, on a statement's first use).
#include <string>
#include <utility>

#include <absl/status/status.h>
#include <pqxx/pqxx>

namespace consent::db {

class Statement {
 public:
  // Names must be unique; a duplicate aborts at start-up (a programming error).
  Statement(std::string name, std::string sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  template <typename... Args>
  pqxx::result Run(pqxx::transaction_base& txn, Args&&... args) const {
    return txn.exec_prepared(name_, std::forward<Args>(args)...);
  }

  // Exactly one row, else pqxx::unexpected_rows.
  template <typename... Args>
  pqxx::row RunOne(pqxx::transaction_base& txn, Args&&... args) const {
    return txn.exec_prepared1(name_, std::forward<Args>(args)...);
  }

  const std::string& name() const { return name_; }
  const std::string& sql() const { return sql_; }

 private:
  std::string name_;
  std::string sql_;
};

// One row by key, in two statements: `select` as is and with a row lock appended
// (`lock`: "FOR UPDATE" or "FOR NO KEY UPDATE"), named `name` and `name`_for_update.
class KeyedSelect {
 public:
  KeyedSelect(const std::string& name, const std::string& select, const std::string& lock)
      : plain_(name, select), locked_(name + "_for_update", select + " " + lock) {}

  const Statement& Locking(bool lock) const { return lock ? locked_ : plain_; }

 private:
  Statement plain_;
  Statement locked_;
};

// The SQL of the statement named `name`, or nullptr (consent-server --print-sql: the
// benchmark runs the server's own statements through pgbench).
const std::string* StatementSql(const std::string& name);

// Declares every defined statement on `conn`.
void PrepareAll(pqxx::connection_base& conn);

// Prepares every defined statement at once on a new connection to `database_url`, so SQL
// that does not fit the migrated schema stops the server at start-up instead of failing
// its first call. The error names the statement.
absl::Status CheckAllPrepare(const std::string& database_url);

}  // namespace consent::db
