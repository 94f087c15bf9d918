#include "server/ledger/decision_recorder.h"

#include <algorithm>
#include <string>
#include <utility>

#include "server/ledger/event_append.h"
#include "server/ledger/ledger_repository.h"

namespace consent::ledger {
namespace {

// As for data consents (persons/data_consent_recorder.cc): one flush shared by many
// callers, a statement that stays quick.
constexpr std::size_t kMaxBatch = 64;

bool SamePerson(const Resolving& a, const Resolving& b) {
  return a.request->person_id() == b.request->person_id() && a.call->tenant == b.call->tenant;
}

}  // namespace

DecisionRecorder::DecisionRecorder(ConnectionPool& pool, int max_batches)
    : pool_(pool),
      group_(
          max_batches, kMaxBatch,
          [](const Write& a, const Write& b) { return SamePerson(a.decision, b.decision); },
          [this](const std::vector<Write*>& batch) { RunBatch(batch); }) {}

absl::StatusOr<v1::ConsentEvent> DecisionRecorder::Record(const Resolving& decision) {
  Write write{decision, std::nullopt};
  group_.Submit(write);
  if (write.outcome) return *std::move(write.outcome);
  // Two statements, no transaction: the references are read, then the event appended.
  return pool_.SingleStatement<v1::ConsentEvent>(
      [&](pqxx::transaction_base& txn) { return RecordIn(txn, decision); });
}

absl::StatusOr<v1::ConsentEvent> DecisionRecorder::RecordIn(pqxx::transaction_base& txn,
                                                            const Resolving& decision) {
  return std::move(RecordAll(txn, {decision})[0]);
}

std::vector<absl::StatusOr<v1::ConsentEvent>> DecisionRecorder::RecordAll(
    pqxx::transaction_base& txn, const std::vector<Resolving>& decisions) {
  std::vector<absl::StatusOr<v1::ConsentEvent>> out = ResolveAll(txn, decisions);
  std::vector<NewEvent> prepared;
  prepared.reserve(out.size());  // Appending points into it
  std::vector<std::size_t> index;
  std::vector<Appending> appending;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].ok()) continue;
    prepared.push_back(Prepare(*decisions[i].call, *std::move(out[i]), decisions[i].now));
    index.push_back(i);
    appending.push_back({decisions[i].call, &prepared.back()});
  }
  if (appending.empty()) return out;
  // Chain heads locked in one order by every batch, so that two batches never deadlock.
  std::vector<std::size_t> order(appending.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto key = [&](std::size_t k) {
      return std::pair<const std::string&, int>(appending[k].call->tenant,
                                                appending[k].event->event.person_id());
    };
    return key(a) < key(b);
  });
  std::vector<Appending> sorted;
  sorted.reserve(order.size());
  for (std::size_t k : order) sorted.push_back(appending[k]);
  const std::vector<absl::Status> appended = AppendAll(txn, sorted);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = index[order[k]];
    if (appended[k].ok()) {
      out[i] = std::move(sorted[k].event->event);
    } else {
      out[i] = appended[k];
    }
  }
  return out;
}

void DecisionRecorder::RunBatch(const std::vector<Write*>& batch) {
  std::vector<Resolving> decisions;
  decisions.reserve(batch.size());
  for (const Write* write : batch) decisions.push_back(write->decision);
  const absl::Status status = pool_.SingleStatement([&](pqxx::transaction_base& txn) {
    auto recorded = RecordAll(txn, decisions);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->outcome = std::move(recorded[i]);
    return absl::OkStatus();
  });
  if (absl::IsUnavailable(status)) {
    for (Write* write : batch) write->outcome = status;
  }
}

void DecisionRecorder::AddMetrics(observability::Metrics& metrics) {
  metrics.AddCounter("consent_decision_batches_total",
                     "group-committed statements that appended RecordConsent decisions",
                     [this] { return group_.batches_and_writes().first; });
  metrics.AddCounter("consent_decision_batched_decisions_total",
                     "decisions those statements held (divide for the batch size)",
                     [this] { return group_.batches_and_writes().second; });
}

}  // namespace consent::ledger
