#include "server/db/migrator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <pqxx/pqxx>

#include "server/db/sql_errors.h"

namespace consent {
namespace {

// Arbitrary constant shared by every replica: "consent" in ASCII.
constexpr long long kMigrationLockKey = 0x636f6e73656e74;

struct Migration {
  int version;
  std::filesystem::path path;
};

absl::StatusOr<std::vector<Migration>> ListMigrations(const std::string& dir) {
  std::vector<Migration> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    int version = 0;
    if (!absl::SimpleAtoi(name.substr(0, name.find('_')), &version) || version <= 0)
      return absl::FailedPreconditionError("migration file without a number: " + name);
    found.push_back({version, entry.path()});
  }
  if (ec) return absl::NotFoundError("cannot read migrations directory " + dir);
  std::sort(found.begin(), found.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return found;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Grants the role `server_url` logs in as (when it is not the owner) its privileges.
void GrantServerRole(pqxx::connection& owner, const std::string& server_url) {
  std::string role;
  {
    pqxx::connection server(server_url);
    role = pqxx::nontransaction(server).exec1("SELECT current_user")[0].as<std::string>();
  }
  pqxx::work txn(owner);
  if (txn.exec1("SELECT current_user")[0].as<std::string>() == role) return;
  const std::string to = " TO " + txn.quote_name(role);
  const std::string from = " FROM " + txn.quote_name(role);
  txn.exec("GRANT USAGE ON SCHEMA public" + to);
  txn.exec("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public" + to);
  txn.exec("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public" + to);
  // The ledger is evidence: the service appends to it and reads it, never changes it.
  txn.exec("REVOKE UPDATE, DELETE, TRUNCATE ON consent_events, ledger_checkpoints" + from);
  txn.exec("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations" + from);
  txn.commit();
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(const std::string& owner_url, const std::string& migrations_dir,
                                    const std::string& server_url) {
  auto migrations = ListMigrations(migrations_dir);
  if (!migrations.ok()) return migrations.status();
  try {
    pqxx::connection conn(owner_url);
    pqxx::nontransaction(conn).exec(
        absl::StrCat("SELECT pg_advisory_lock(", kMigrationLockKey, ")"));
    {
      pqxx::work txn(conn);
      txn.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version integer PRIMARY KEY, name text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
      txn.commit();
    }
    int current = 0;
    {
      pqxx::work txn(conn);
      current = txn.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
      txn.commit();
    }
    for (const auto& m : *migrations) {
      if (m.version <= current) continue;
      pqxx::work txn(conn);
      txn.exec(ReadFile(m.path));
      txn.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version,
                      m.path.filename().string());
      txn.commit();
      current = m.version;
    }
    if (!server_url.empty()) GrantServerRole(conn, server_url);
    pqxx::nontransaction(conn).exec(
        absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLockKey, ")"));
    return current;
  } catch (const std::exception& e) {
    return StatusFromSqlError(e);
  }
}

}  // namespace consent
