#pragma once
// A throw-away PostgreSQL cluster for tests: initdb into a temp dir, pg_ctl start on a
// free loopback port, a `consent` database. Runs the tools as the `postgres` user when
// the tests run as root (initdb refuses root).
#include <string>
#include <vector>

namespace consent::testing {

class PostgresCluster {
 public:
  PostgresCluster();   // initdb + start
  ~PostgresCluster();  // stop + remove the directory

  void Start();
  void Stop();
  // postgresql://... URL of the `consent` database.
  std::string url() const;
  // A fresh, empty database on this cluster; returns its URL.
  std::string CreateDatabase(const std::string& name);

 private:
  bool TryStart();  // on port_
  int Tool(const std::string& tool, std::vector<std::string> args);

  std::string bin_dir_;
  std::string dir_;
  int port_ = 0;
  bool as_postgres_user_ = false;
};

// The directory holding initdb/pg_ctl (PG_BIN env, pg_config --bindir, or the Debian path).
std::string PostgresBinDir();

}  // namespace consent::testing
