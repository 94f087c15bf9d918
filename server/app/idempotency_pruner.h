#pragma once
// Forgets idempotency keys past their retention (common/idempotency.h) in the background:
// every `interval`, deletes expired keys in bites of 1000 until none is left. Calls never
// depend on it (a call treats an expired key as new), it only keeps the table small.
// Replicas may all prune at once: each skips the rows another is deleting.
#include <chrono>

#include "server/app/periodic_thread.h"
#include "server/db/connection_pool.h"

namespace consent {

class IdempotencyPruner {
 public:
  IdempotencyPruner(ConnectionPool& pool, std::chrono::milliseconds interval);

 private:
  void PruneAll();

  ConnectionPool& pool_;
  PeriodicThread thread_;  // last: stopped and joined before the rest goes
};

}  // namespace consent
