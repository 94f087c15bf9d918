#pragma once
// Applies the numbered SQL files of a directory (0001_name.sql, 0002_...) in order, each
// in its own transaction, under a PostgreSQL advisory lock so that replicas starting at
// the same time apply each migration exactly once.
#include <string>

#include <absl/status/statusor.h>

namespace consent {

// Returns the schema version after migrating (the highest applied number).
absl::StatusOr<int> ApplyMigrations(const std::string& database_url,
                                    const std::string& migrations_dir);

}  // namespace consent
