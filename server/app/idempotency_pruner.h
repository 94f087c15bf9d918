#pragma once
// Forgets idempotency keys past their retention (common/idempotency.h) in the background:
// every `interval`, deletes expired keys in bites of 1000 until none is left. Calls never
// depend on it (a call treats an expired key as new), it only keeps the table small.
// Replicas may all prune at once: each skips the rows another is deleting.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/db/connection_pool.h"

namespace consent {

class IdempotencyPruner {
 public:
  IdempotencyPruner(ConnectionPool& pool, std::chrono::milliseconds interval);
  ~IdempotencyPruner();

 private:
  void Run();
  void PruneAll();

  ConnectionPool& pool_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace consent
