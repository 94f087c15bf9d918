#pragma once
// Keeps `concurrency` calls in flight over gRPC's callback API until a request count or a
// duration is reached, spread over one consent::Client (connection) per `connections`.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <absl/time/time.h>

#include "client/lib/consent_client/client.h"
#include "proto/consent/v1/ledger.grpc.pb.h"

namespace consent::loadgen {

// write: SetPersonConsent; read: GetPerson; record: RecordConsent of the person's data
// consent (what `write` records, through the ledger's own call); check: CheckConsents of one
// person's data consent; check1000: CheckConsents of 1000 persons' data consents at once.
enum class Scenario { kWrite, kRead, kRecord, kCheck, kCheck1000 };

// The scenario named `name` ("write", "read", "record", "check", "check1000"), or nullopt.
std::optional<Scenario> ScenarioNamed(const std::string& name);

struct LoadSpec {
  Scenario scenario = Scenario::kWrite;
  int concurrency = 1;
  long requests = 0;                            // > 0: stop after this many calls
  absl::Duration duration = absl::Seconds(10);  // used when requests == 0
  std::vector<int> person_ids;                  // addressed round-robin
};

struct LoadResult {
  long requests = 0;
  long errors = 0;
  std::string first_error;
  double seconds = 0;
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// Runs the load; calls `progress(done, errors)` about once a second from another thread.
LoadResult RunLoad(const LoadSpec& spec, const std::vector<std::unique_ptr<Client>>& clients,
                   const std::function<void(long done, long errors)>& progress);

}  // namespace consent::loadgen
