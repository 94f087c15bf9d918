#pragma once
#include <string>

namespace consent {

// Everything the server is configured with. Each value comes from a flag, else from its
// environment variable, else the default (see the table in README.md).
struct ServerConfig {
  std::string listen;
  std::string database_url;
  int pool_size;
  // Group commit of data-consent writes: batches in flight at once (1..pool_size).
  int write_batches;
  int statement_timeout_ms;
  std::string migrations_dir;
  bool migrate_only;
  int grace_period_seconds;
  int health_interval_ms;
  std::string metrics_listen;
};

// Parses argv (exits on --help or a bad flag).
ServerConfig LoadServerConfig(int argc, char** argv);

}  // namespace consent
