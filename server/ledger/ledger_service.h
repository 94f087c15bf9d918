#pragma once
// consent.v1.LedgerService: record decisions, answer checks and states as of any instant,
// the ledger of a person, double opt-in confirmations, signed receipts and checkpoints
// (docs/ledger.md).
#include <functional>
#include <memory>

#include <absl/time/time.h>

#include "lib/ledger/ledger_signature.h"
#include "lib/observability/metrics.h"
#include "proto/consent/v1/ledger.grpc.pb.h"
#include "server/common/call_context.h"
#include "server/db/connection_pool.h"
#include "server/ledger/decision_recorder.h"
#include "server/ledger/ledger_validation.h"

namespace consent {

struct LedgerOptions {
  ledger::LedgerLimits limits;
  // How long a double opt-in token can be confirmed.
  absl::Duration confirmation_ttl = absl::Hours(72);
  // Server time: recordedAt, the default `at`. Tests inject their own.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Signs receipts and checkpoints; GetLedgerKeys publishes its public half. Required
  // (server/app/server.cc loads or makes it).
  std::shared_ptr<const ledger::SigningKey> signing_key;
};

class LedgerServiceImpl : public v1::LedgerService::Service {
 public:
  // `write_batches`: RecordConsent batches in flight (ledger::DecisionRecorder), whose
  // counters go to `metrics`.
  LedgerServiceImpl(ConnectionPool& pool, int write_batches, LedgerOptions options,
                    observability::Metrics& metrics)
      : pool_(pool), options_(std::move(options)), recorder_(pool, write_batches) {
    recorder_.AddMetrics(metrics);
  }

  grpc::Status RecordConsent(grpc::ServerContext* ctx, const v1::RecordConsentRequest* request,
                             v1::ConsentEvent* response) override;
  grpc::Status GetPersonConsents(grpc::ServerContext* ctx,
                                 const v1::GetPersonConsentsRequest* request,
                                 v1::PersonConsents* response) override;
  grpc::Status CheckConsents(grpc::ServerContext* ctx, const v1::CheckConsentsRequest* request,
                             v1::CheckConsentsResponse* response) override;
  grpc::Status ConfirmConsent(grpc::ServerContext* ctx, const v1::ConfirmConsentRequest* request,
                              v1::ConsentEvent* response) override;
  grpc::Status ListConsentEvents(grpc::ServerContext* ctx,
                                 const v1::ListConsentEventsRequest* request,
                                 v1::ListConsentEventsResponse* response) override;
  grpc::Status GetConsentEvent(grpc::ServerContext* ctx, const v1::GetConsentEventRequest* request,
                               v1::ConsentEvent* response) override;
  grpc::Status GetConsentReceipt(grpc::ServerContext* ctx,
                                 const v1::GetConsentReceiptRequest* request,
                                 v1::ConsentReceipt* response) override;
  grpc::Status GetLedgerCheckpoint(grpc::ServerContext* ctx,
                                   const v1::GetLedgerCheckpointRequest* request,
                                   v1::LedgerCheckpoint* response) override;
  grpc::Status GetLedgerKeys(grpc::ServerContext* ctx, const v1::GetLedgerKeysRequest* request,
                             v1::LedgerKeys* response) override;

 private:
  absl::StatusOr<v1::ConsentEvent> EventById(const CallContext& call, const std::string& id);

  ConnectionPool& pool_;
  LedgerOptions options_;
  ledger::DecisionRecorder recorder_;
};

}  // namespace consent
