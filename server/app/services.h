#pragma once
// Every gRPC service the server exposes, built over one connection pool.
#include <memory>
#include <vector>

#include <grpcpp/impl/codegen/service_type.h>

#include "lib/observability/metrics.h"
#include "server/auth/basic_verifier.h"
#include "server/db/connection_pool.h"
#include "server/ledger/ledger_service.h"

namespace consent {

struct ServiceSet {
  std::vector<std::unique_ptr<grpc::Service>> services;
  // Fully qualified names, for per-service health status.
  std::vector<std::string> names;
};

// `write_batches`: see ServerConfig; `ledger`: the LedgerService's options. Services add their own
// metrics to `metrics`. `basic` (null when Basic is off) forgets an API user's credentials when
// they change.
ServiceSet BuildServices(ConnectionPool& pool, int write_batches, const LedgerOptions& ledger,
                         observability::Metrics& metrics, auth::BasicVerifier* basic);

}  // namespace consent
