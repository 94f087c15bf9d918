#pragma once
// Records persons' data-consent decisions (SetPersonConsent) with group commit: decisions
// that arrive while earlier ones are being written are written together, in one
// statement and one commit, instead of each waiting for a WAL flush of its own (see
// db/group_commit.h). A batch never waits for a row lock: a decision whose person another
// transaction holds, or that the batch could not record, is written alone by its own
// caller, which then waits for the lock or gets its own error (NOT_FOUND, ...). Every
// decision returns only once committed. A decision sent with If-Match is written alone,
// in a transaction that checks the precondition under the person's lock. A decision with
// an idempotency key (common/idempotency.h) is batched too, its key remembered in the
// batch's statement; two decisions with one key never share a batch, and one whose key a
// concurrent call holds is written alone, after that call, so a key writes at most once.
#include <optional>
#include <vector>

#include <absl/status/statusor.h>
#include <google/protobuf/struct.pb.h>

#include "lib/observability/metrics.h"
#include "proto/consent/v1/persons.pb.h"
#include "server/common/call_context.h"
#include "server/common/idempotency.h"
#include "server/db/connection_pool.h"
#include "server/db/group_commit.h"
#include "server/persons/person_repository.h"

namespace consent::persons {

class DataConsentRecorder {
 public:
  // At most `max_batches` batches in flight, each on one pooled connection.
  DataConsentRecorder(ConnectionPool& pool, int max_batches);

  // As persons::RecordDataConsent; FAILED_PRECONDITION when the call's If-Match does not
  // match the current decision (or there is none yet). A call whose `key` was answered
  // before gets that answer (the request's decision with the first call's version, no
  // recorded_at) and writes nothing; INVALID_ARGUMENT when the key came with another
  // request.
  absl::StatusOr<StoredDataConsent> Record(const CallContext& call, int person_id,
                                           const v1::PersonDataConsent& consent,
                                           const IdempotencyKey& key);

  // Applies a JSON Patch or merge patch (common/resource_patch.h) to the current decision
  // and records the result, checking If-Match, all under the person's lock. NOT_FOUND when
  // no decision is recorded yet.
  absl::StatusOr<StoredDataConsent> Patch(const CallContext& call, int person_id,
                                          const google::protobuf::Value& patch);

  // consent_data_consent_batches_total and ..._batched_decisions_total on /metrics.
  void AddMetrics(observability::Metrics& metrics);

 private:
  struct Write {
    DataConsentDecision decision;
    // Set by the batch: recorded, replayed or refused; empty: to be written alone.
    std::optional<absl::StatusOr<StoredDataConsent>> outcome;
  };

  void RunBatch(const std::vector<Write*>& batch);
  // The decision in a statement or a transaction of its own: waits for the person's lock
  // and the key's, checks If-Match under them.
  absl::StatusOr<StoredDataConsent> RecordAlone(const DataConsentDecision& decision);
  // Records in `txn`, checking the call's If-Match, if any, under the person's lock.
  static absl::StatusOr<StoredDataConsent> RecordChecked(pqxx::transaction_base& txn,
                                                         const DataConsentDecision& decision);
  // Locks the person (NOT_FOUND when unknown) and reads its current decision, if any.
  static absl::StatusOr<std::optional<StoredDataConsent>> LockCurrent(pqxx::transaction_base& txn,
                                                                      const CallContext& call,
                                                                      int person_id);

  ConnectionPool& pool_;
  db::GroupCommit<Write> group_;
};

}  // namespace consent::persons
