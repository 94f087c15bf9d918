#pragma once
// A bounded pool of PostgreSQL connections: callers borrow one for the length of a unit
// of work and wait (up to a deadline) when all are in use. Broken connections are
// replaced on the next borrow, so the service heals when the database comes back; after a
// failed connection attempt the pool makes no new one for a backoff (100 ms doubling to
// 2 s, shared by every caller), so a database that is starting up is not stormed.
// Statements wait at most lock_timeout for a row lock, so a hot row holds its connection
// briefly and cannot starve the pool for everyone else.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

namespace consent {

struct PoolOptions {
  std::string database_url;
  int size = 8;
  int statement_timeout_ms = 5000;
  int lock_timeout_ms = 1000;  // shorter than the statement timeout
  std::chrono::milliseconds acquire_timeout{1000};
};

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolOptions options);

  using Work = std::function<absl::Status(pqxx::transaction_base&)>;
  template <typename T>
  using WorkFor = std::function<absl::StatusOr<T>(pqxx::transaction_base&)>;

  // Runs `work` inside one transaction on a borrowed connection and commits when it
  // returns OK. Database errors become statuses (see db/sql_errors.h).
  absl::Status InTransaction(const Work& work) { return Run<pqxx::work>(work); }

  // Runs `work` on a borrowed connection in autocommit mode: no BEGIN and COMMIT round
  // trips. Only for work that is one statement (a statement is atomic on its own) or
  // reads that need no common snapshot.
  absl::Status SingleStatement(const Work& work) { return Run<pqxx::nontransaction>(work); }

  template <typename T>
  absl::StatusOr<T> InTransaction(const WorkFor<T>& work) {
    return Returning<T>(work, [this](const Work& w) { return InTransaction(w); });
  }
  template <typename T>
  absl::StatusOr<T> SingleStatement(const WorkFor<T>& work) {
    return Returning<T>(work, [this](const Work& w) { return SingleStatement(w); });
  }

  // True when the database answers and accepts writes (not a standby, not read-only).
  bool Healthy();

  int size() const { return options_.size; }
  int in_use() const;
  int idle() const;

 private:
  template <typename Transaction>
  absl::Status Run(const Work& work);

  template <typename T, typename Runner>
  static absl::StatusOr<T> Returning(const WorkFor<T>& work, Runner run) {
    absl::StatusOr<T> result = absl::InternalError("work did not run");
    absl::Status status = run([&](pqxx::transaction_base& txn) -> absl::Status {
      result = work(txn);
      return result.status();
    });
    if (!status.ok()) return status;
    return result;
  }

  absl::StatusOr<std::unique_ptr<pqxx::connection>> Borrow();
  void Return(std::unique_ptr<pqxx::connection> conn);
  std::unique_ptr<pqxx::connection> Connect();

  PoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int in_use_ = 0;
  // Connection attempts back off after a failure (guarded by mu_).
  std::chrono::steady_clock::time_point next_connect_;
  std::chrono::milliseconds connect_backoff_{0};
};

}  // namespace consent
