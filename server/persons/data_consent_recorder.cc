#include "server/persons/data_consent_recorder.h"

#include <absl/strings/str_cat.h>
#include <google/protobuf/empty.pb.h>
#include <google/protobuf/util/message_differencer.h>

#include "server/common/resource_patch.h"
#include "server/persons/person_validation.h"

namespace consent::persons {
namespace {

// Enough to share one flush among many callers; small enough to keep the statement quick.
constexpr std::size_t kMaxBatch = 64;

// Two writes that may not share a batch: one statement cannot upsert a row twice, nor
// remember a key twice.
bool Conflict(const DataConsentDecision& a, const DataConsentDecision& b) {
  if (a.call->tenant != b.call->tenant) return false;
  if (a.person_id == b.person_id) return true;
  return a.key != nullptr && b.key != nullptr && !a.key->empty() && a.key->key == b.key->key &&
         a.key->method == b.key->method;
}

// What the batch's statement did with a decision means for its caller; empty: the caller
// writes it alone.
std::optional<absl::StatusOr<StoredDataConsent>> Outcome(const DataConsentDecision& decision,
                                                         BatchedDecision batched) {
  if (batched.recorded) return *std::move(batched.recorded);
  if (!batched.remembered) return std::nullopt;
  auto replay = Replayable(*decision.key, *std::move(batched.remembered));
  if (!replay.ok()) return replay.status();
  if (!*replay) return std::nullopt;  // past the retention: the caller's transaction forgets it
  return StoredDataConsent{*decision.consent, (*replay)->version};
}

}  // namespace

DataConsentRecorder::DataConsentRecorder(ConnectionPool& pool, int max_batches)
    : pool_(pool),
      group_(
          max_batches, kMaxBatch,
          [](const Write& a, const Write& b) { return Conflict(a.decision, b.decision); },
          [this](const std::vector<Write*>& batch) { RunBatch(batch); }) {}

absl::StatusOr<StoredDataConsent> DataConsentRecorder::Record(const CallContext& call,
                                                              int person_id,
                                                              const v1::PersonDataConsent& consent,
                                                              const IdempotencyKey& key) {
  DataConsentDecision decision{&call, person_id, &consent, &key};
  if (call.if_match) return RecordAlone(decision);
  Write write{decision, std::nullopt};
  group_.Submit(write);
  if (write.outcome) return *std::move(write.outcome);
  return RecordAlone(decision);
}

absl::StatusOr<StoredDataConsent> DataConsentRecorder::RecordAlone(
    const DataConsentDecision& decision) {
  if (decision.key->empty() && !decision.call->if_match) {  // one statement: no BEGIN/COMMIT
    return pool_.SingleStatement<StoredDataConsent>(
        [&](pqxx::transaction_base& txn) { return RecordDataConsent(txn, decision); });
  }
  return pool_.InTransaction<StoredDataConsent>(
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<StoredDataConsent> {
        StoredDataConsent stored{*decision.consent, 0};
        google::protobuf::Empty answer;  // what SetPersonConsent answers
        absl::StatusOr<long long> version = OncePerKey(
            txn, *decision.call, *decision.key, &answer, [&]() -> absl::StatusOr<long long> {
              absl::StatusOr<StoredDataConsent> recorded = RecordChecked(txn, decision);
              if (!recorded.ok()) return recorded.status();
              stored = *std::move(recorded);
              return stored.version;
            });
        if (!version.ok()) return version.status();
        stored.version = *version;
        return stored;
      });
}

absl::StatusOr<StoredDataConsent> DataConsentRecorder::RecordChecked(
    pqxx::transaction_base& txn, const DataConsentDecision& decision) {
  if (!decision.call->if_match) return RecordDataConsent(txn, decision);
  auto current = LockCurrent(txn, *decision.call, decision.person_id);
  if (!current.ok()) return current.status();
  if (!*current) {  // If-Match, even "*", needs a current decision
    return absl::FailedPreconditionError(
        "If-Match precondition failed: the person has no data consent recorded");
  }
  if (auto matched = CheckIfMatch(*decision.call, (*current)->version); !matched.ok()) {
    return matched;
  }
  return RecordDataConsent(txn, decision);
}

absl::StatusOr<StoredDataConsent> DataConsentRecorder::Patch(const CallContext& call, int person_id,
                                                             const google::protobuf::Value& patch) {
  return pool_.InTransaction<StoredDataConsent>(
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<StoredDataConsent> {
        auto current = LockCurrent(txn, call, person_id);
        if (!current.ok()) return current.status();
        if (!*current) {
          return absl::NotFoundError(
              absl::StrCat("person ", person_id, " has no data consent recorded"));
        }
        if (auto matched = CheckIfMatch(call, (*current)->version); !matched.ok()) return matched;
        v1::PersonDataConsent patched = (*current)->consent;
        if (auto applied = ApplyPatch(patch, call, {"recordedAt"}, &patched); !applied.ok()) {
          return applied;
        }
        if (auto valid = ValidateDataConsent(patched); !valid.ok()) return valid;
        // A patch that changes nothing records nothing: same ETag, no history entry.
        if (google::protobuf::util::MessageDifferencer::Equals(patched, (*current)->consent)) {
          return **current;
        }
        return RecordDataConsent(txn, {&call, person_id, &patched});
      });
}

absl::StatusOr<std::optional<StoredDataConsent>> DataConsentRecorder::LockCurrent(
    pqxx::transaction_base& txn, const CallContext& call, int person_id) {
  if (auto person = Get(txn, call, person_id, /*for_update=*/true); !person.ok()) {
    return person.status();
  }
  auto current = GetDataConsent(txn, call, person_id);
  if (absl::IsNotFound(current.status())) return std::nullopt;  // the person has none yet
  if (!current.ok()) return current.status();
  return *std::move(current);
}

void DataConsentRecorder::AddMetrics(observability::Metrics& metrics) {
  metrics.AddCounter("consent_data_consent_batches_total",
                     "group-committed statements that wrote data-consent decisions",
                     [this] { return group_.batches_and_writes().first; });
  metrics.AddCounter("consent_data_consent_batched_decisions_total",
                     "data-consent decisions those statements held (divide for the batch size)",
                     [this] { return group_.batches_and_writes().second; });
}

void DataConsentRecorder::RunBatch(const std::vector<Write*>& batch) {
  std::vector<DataConsentDecision> decisions;
  decisions.reserve(batch.size());
  for (const Write* write : batch) decisions.push_back(write->decision);
  // A failed statement changed nothing and leaves every `outcome` empty: each caller then
  // writes alone and gets its own error (or, for a key a concurrent call committed
  // meanwhile, that call's answer).
  (void)pool_.SingleStatement([&](pqxx::transaction_base& txn) {
    auto batched = RecordDataConsentsUnlessLocked(txn, decisions);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->outcome = Outcome(batch[i]->decision, std::move(batched[i]));
    }
    return absl::OkStatus();
  });
}

}  // namespace consent::persons
