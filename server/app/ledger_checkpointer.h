#pragma once
// Signs a checkpoint for every tenant whose chains moved since its last one, every
// `interval` (docs/ledger.md, "Proof"); GetLedgerCheckpoint also makes one on demand.
// Replicas may both sign one at once: two checkpoints of the same heads, both valid.
#include <chrono>
#include <memory>

#include "lib/ledger/ledger_signature.h"
#include "server/app/periodic_thread.h"
#include "server/db/connection_pool.h"

namespace consent {

class LedgerCheckpointer {
 public:
  LedgerCheckpointer(ConnectionPool& pool, std::shared_ptr<const ledger::SigningKey> key,
                     std::chrono::milliseconds interval);

 private:
  void CheckpointAll();

  ConnectionPool& pool_;
  std::shared_ptr<const ledger::SigningKey> key_;
  PeriodicThread thread_;  // last: stopped and joined before the rest goes
};

}  // namespace consent
