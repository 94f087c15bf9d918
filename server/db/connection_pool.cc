#include "server/db/connection_pool.h"

#include <algorithm>

#include <absl/strings/str_cat.h>

#include "server/db/sql_errors.h"
#include "server/db/statement.h"

namespace consent {

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {}

std::unique_ptr<pqxx::connection> ConnectionPool::Connect() {
  auto conn = std::make_unique<pqxx::connection>(options_.database_url);
  pqxx::nontransaction setup(*conn);
  setup.exec(absl::StrCat("SET statement_timeout = ", options_.statement_timeout_ms));
  setup.exec(absl::StrCat("SET lock_timeout = ", options_.lock_timeout_ms));
  setup.exec("SET TIME ZONE 'UTC'");
  db::PrepareAll(*conn);
  return conn;
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectionPool::Borrow() {
  std::unique_lock lock(mu_);
  bool got = available_.wait_for(lock, options_.acquire_timeout,
                                 [&] { return !idle_.empty() || in_use_ < options_.size; });
  if (!got) return absl::UnavailableError("database connection pool exhausted");
  ++in_use_;
  std::unique_ptr<pqxx::connection> conn;
  if (!idle_.empty()) {
    conn = std::move(idle_.back());
    idle_.pop_back();
  }
  const auto now = std::chrono::steady_clock::now();
  const bool backing_off = now < next_connect_;
  lock.unlock();
  if (conn && conn->is_open()) return conn;
  if (backing_off) {
    Return(nullptr);
    return absl::UnavailableError("database unavailable");
  }
  try {
    conn = Connect();
  } catch (const std::exception&) {
    {
      std::lock_guard guard(mu_);
      connect_backoff_ = std::clamp(connect_backoff_ * 2, std::chrono::milliseconds(100),
                                    std::chrono::milliseconds(2000));
      next_connect_ = std::chrono::steady_clock::now() + connect_backoff_;
    }
    Return(nullptr);
    return absl::UnavailableError("database unavailable");
  }
  std::lock_guard guard(mu_);
  connect_backoff_ = std::chrono::milliseconds(0);
  return conn;
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> conn) {
  {
    std::lock_guard lock(mu_);
    --in_use_;
    if (conn && conn->is_open()) idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

template <typename Transaction>
absl::Status ConnectionPool::Run(const Work& work) {
  auto conn = Borrow();
  if (!conn.ok()) return conn.status();
  absl::Status status;
  bool keep = true;
  try {
    Transaction txn(**conn);
    status = work(txn);
    if (status.ok()) txn.commit();  // a no-op for pqxx::nontransaction
  } catch (const pqxx::broken_connection& e) {
    keep = false;
    status = StatusFromSqlError(e);
  } catch (const std::exception& e) {
    status = StatusFromSqlError(e);
  }
  Return(keep ? std::move(*conn) : nullptr);
  return status;
}

template absl::Status ConnectionPool::Run<pqxx::work>(const Work&);
template absl::Status ConnectionPool::Run<pqxx::nontransaction>(const Work&);

bool ConnectionPool::Healthy() {
  // Reachable is not enough: a standby (after a failover) or a read-only default refuses
  // every write, so the service is not ready until writes can succeed.
  return SingleStatement([](pqxx::transaction_base& txn) -> absl::Status {
           const pqxx::row row = txn.exec1(
               "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only')::bool");
           if (row[0].as<bool>()) return absl::UnavailableError("the database is read-only");
           return absl::OkStatus();
         })
      .ok();
}

int ConnectionPool::idle() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(idle_.size());
}

int ConnectionPool::in_use() const {
  std::lock_guard lock(mu_);
  return in_use_;
}

}  // namespace consent
