#include "persons/data_consent_recorder.h"

namespace consent::persons {
namespace {

// Enough to share one flush among many callers; small enough to keep the statement quick.
constexpr std::size_t kMaxBatch = 64;

}  // namespace

DataConsentRecorder::DataConsentRecorder(ConnectionPool& pool, int max_batches)
    : pool_(pool),
      group_(
          max_batches, kMaxBatch,
          [](const Write& a, const Write& b) {  // one statement cannot upsert a row twice
            return a.decision.person_id == b.decision.person_id &&
                   a.decision.call->tenant == b.decision.call->tenant;
          },
          [this](const std::vector<Write*>& batch) { RunBatch(batch); }) {}

absl::StatusOr<v1::PersonDataConsent> DataConsentRecorder::Record(
    const CallContext& call, int person_id, const v1::PersonDataConsent& consent) {
  Write write{{&call, person_id, &consent}, std::nullopt};
  group_.Submit(write);
  if (write.recorded) return *std::move(write.recorded);
  return pool_.SingleStatement<v1::PersonDataConsent>(
      [&](pqxx::transaction_base& txn) { return RecordDataConsent(txn, write.decision); });
}

void DataConsentRecorder::RunBatch(const std::vector<Write*>& batch) {
  std::vector<DataConsentDecision> decisions;
  decisions.reserve(batch.size());
  for (const Write* write : batch) decisions.push_back(write->decision);
  // A failed statement changed nothing and leaves every `recorded` empty: each caller
  // then writes alone and gets its own error.
  (void)pool_.SingleStatement([&](pqxx::transaction_base& txn) {
    auto recorded = RecordDataConsentsUnlessLocked(txn, decisions);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->recorded = std::move(recorded[i]);
    return absl::OkStatus();
  });
}

}  // namespace consent::persons
