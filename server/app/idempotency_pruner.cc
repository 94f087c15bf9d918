#include "server/app/idempotency_pruner.h"

#include "lib/observability/json_log.h"
#include "server/common/idempotency.h"

namespace consent {
namespace {

constexpr int kBite = 1000;  // rows per statement: short locks, short statements

}  // namespace

IdempotencyPruner::IdempotencyPruner(ConnectionPool& pool, std::chrono::milliseconds interval)
    : pool_(pool), thread_(interval, [this] { PruneAll(); }) {
  thread_.Start();
}

void IdempotencyPruner::PruneAll() {
  for (;;) {
    int deleted = 0;
    absl::Status status = pool_.SingleStatement([&](pqxx::transaction_base& txn) {
      deleted = PruneIdempotencyKeys(txn, kBite);
      return absl::OkStatus();
    });
    if (!status.ok()) {  // the database is away: the next round tries again
      observability::LogJson("warning", "pruning idempotency keys failed",
                             {{"error", std::string(status.message())}});
      return;
    }
    if (deleted < kBite || thread_.stopping()) return;
  }
}

}  // namespace consent
