#pragma once
// Applies the numbered SQL files of a directory (0001_name.sql, 0002_...) in order, each
// in its own transaction, under a PostgreSQL advisory lock so that replicas starting at
// the same time apply each migration exactly once.
#include <string>

#include <absl/status/statusor.h>

namespace consent {

// Migrates as the role of `owner_url`, which owns the schema, and returns the schema version
// after migrating (the highest applied number). When `server_url` logs in as another role,
// that role is then granted what the service needs and no more: every table but the ledger's
// append-only ones (consent_events, ledger_checkpoints), which it may only read and append
// to, and schema_migrations, which it may only read (docs/ledger.md, "Database roles").
absl::StatusOr<int> ApplyMigrations(const std::string& owner_url, const std::string& migrations_dir,
                                    const std::string& server_url = "");

}  // namespace consent
