#include "tests/support/postgres_cluster.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "tests/support/child_process.h"

namespace consent::testing {

std::string PostgresBinDir() {
  if (const char* env = std::getenv("PG_BIN")) return env;
  for (int v = 20; v >= 12; --v) {
    std::string dir = "/usr/lib/postgresql/" + std::to_string(v) + "/bin";
    if (std::filesystem::exists(dir + "/initdb")) return dir;
  }
  throw std::runtime_error("no PostgreSQL server binaries found (install postgresql)");
}

PostgresCluster::PostgresCluster() : bin_dir_(PostgresBinDir()) {
  char tmpl[] = "/tmp/consent-pg-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  as_postgres_user_ = geteuid() == 0;
  if (as_postgres_user_) RunCommand({"chown", "postgres:postgres", dir_});
  if (Tool("initdb",
           {"-D", dir_ + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"}) != 0)
    throw std::runtime_error("initdb failed");
  // A port free when picked can be taken (by another test's connection) before PostgreSQL
  // binds it: pick again.
  for (int attempt = 0;; ++attempt) {
    port_ = FreePort();
    if (TryStart()) break;
    if (attempt == 4) throw std::runtime_error("pg_ctl start failed; see " + dir_ + "/log");
  }
  if (RunCommand({bin_dir_ + "/psql", "-q", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U",
                  "postgres", "-c", "CREATE DATABASE consent"}) != 0)
    throw std::runtime_error("create database failed");
}

PostgresCluster::~PostgresCluster() {
  Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

int PostgresCluster::Tool(const std::string& tool, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (as_postgres_user_) argv = {"runuser", "-u", "postgres", "--"};
  argv.push_back(bin_dir_ + "/" + tool);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

bool PostgresCluster::TryStart() {
  std::string options = "-p " + std::to_string(port_) +
                        " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir_ +
                        " -c fsync=off -c synchronous_commit=off -c max_connections=200";
  return Tool("pg_ctl",
              {"-D", dir_ + "/data", "-l", dir_ + "/log", "-o", options, "-w", "-s", "start"}) == 0;
}

void PostgresCluster::Start() {
  if (!TryStart()) throw std::runtime_error("pg_ctl start failed; see " + dir_ + "/log");
}

void PostgresCluster::Stop() {
  Tool("pg_ctl", {"-D", dir_ + "/data", "-m", "fast", "-w", "-s", "stop"});
}

std::string PostgresCluster::url() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/consent";
}

std::string PostgresCluster::CreateDatabase(const std::string& name) {
  if (RunCommand({bin_dir_ + "/psql", "-q", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U",
                  "postgres", "-c", "CREATE DATABASE " + name}) != 0)
    throw std::runtime_error("create database failed");
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

}  // namespace consent::testing
