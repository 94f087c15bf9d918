#include "server/app/ledger_checkpointer.h"

#include "lib/observability/json_log.h"
#include "server/ledger/ledger_proofs.h"

namespace consent {

LedgerCheckpointer::LedgerCheckpointer(ConnectionPool& pool,
                                       std::shared_ptr<const ledger::SigningKey> key,
                                       std::chrono::milliseconds interval)
    : pool_(pool), key_(std::move(key)), thread_(interval, [this] { CheckpointAll(); }) {
  thread_.Start();
}

void LedgerCheckpointer::CheckpointAll() {
  auto tenants = pool_.SingleStatement<std::vector<std::string>>(
      [](pqxx::transaction_base& txn) { return ledger::TenantsWithoutCurrentCheckpoint(txn); });
  if (!tenants.ok()) {  // the database is away: the next round tries again
    observability::LogJson("warning", "listing tenants to checkpoint failed",
                           {{"error", std::string(tenants.status().message())}});
    return;
  }
  for (const std::string& tenant : *tenants) {
    if (thread_.stopping()) return;
    absl::Status signed_one = pool_.InTransaction([&](pqxx::transaction_base& txn) {
      ledger::Checkpoint(txn, tenant, *key_, absl::Now());
      return absl::OkStatus();
    });
    if (!signed_one.ok()) {
      observability::LogJson("warning", "signing a ledger checkpoint failed",
                             {{"error", std::string(signed_one.message())}});
      return;
    }
  }
}

}  // namespace consent
