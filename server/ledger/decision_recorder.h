#pragma once
// Records RecordConsent decisions with group commit (db/group_commit.h), as the data-consent
// recorder does: decisions of different persons that arrive while earlier ones are being
// written are resolved in one query and appended in one statement and one commit. A batch
// holds at most one decision per person (one statement advances a chain head once). When a
// batch's statement fails, each of its decisions is written alone by its own caller, which
// then gets its own error; but when the connection was lost, the commit is in doubt and
// every caller gets UNAVAILABLE (a retry with an Idempotency-Key is safe, a blind one is
// not). Decisions with an idempotency key or double opt-in are not batched: the service
// records them in its own transaction with RecordIn.
#include <optional>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "lib/observability/metrics.h"
#include "proto/consent/v1/ledger.pb.h"
#include "server/db/connection_pool.h"
#include "server/db/group_commit.h"
#include "server/ledger/subject_resolver.h"

namespace consent::ledger {

class DecisionRecorder {
 public:
  // At most `max_batches` batches in flight, each on one pooled connection.
  DecisionRecorder(ConnectionPool& pool, int max_batches);

  // Records the (validated) decision and returns its event once committed; or the error of
  // its references, NOT_FOUND for an unknown, deleted or erased person.
  absl::StatusOr<v1::ConsentEvent> Record(const Resolving& decision);

  // Records the decision in `txn`.
  static absl::StatusOr<v1::ConsentEvent> RecordIn(pqxx::transaction_base& txn,
                                                   const Resolving& decision);

  // consent_decision_batches_total and ..._batched_decisions_total on /metrics.
  void AddMetrics(observability::Metrics& metrics);

 private:
  struct Write {
    Resolving decision;
    // Set by the batch; empty: to be written alone.
    std::optional<absl::StatusOr<v1::ConsentEvent>> outcome;
  };

  static std::vector<absl::StatusOr<v1::ConsentEvent>> RecordAll(
      pqxx::transaction_base& txn, const std::vector<Resolving>& decisions);
  void RunBatch(const std::vector<Write*>& batch);

  ConnectionPool& pool_;
  db::GroupCommit<Write> group_;
};

}  // namespace consent::ledger
