// CallDriver keeps a fixed number of PersonService calls in flight on gRPC's callback API:
// every completion records its latency and starts the next call, until the request budget
// or the deadline runs out.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "consent/v1/persons.grpc.pb.h"

namespace consent::loadgen {

using Clock = std::chrono::steady_clock;

enum class Scenario { kWrite, kRead };

struct Plan {
  Scenario scenario = Scenario::kWrite;
  std::string tenant;
  std::vector<int> person_ids;   // addressed round-robin
  int concurrency = 1;           // calls in flight
  long requests = 0;             // stop after this many calls; 0: stop at the deadline
  Clock::time_point deadline;
};

class CallDriver {
 public:
  // Call i goes over stubs[i % stubs.size()].
  CallDriver(std::vector<std::unique_ptr<v1::PersonService::Stub>> stubs, Plan plan);

  void Run();  // blocks until every call has finished

  long completed() const { return completed_.load(); }
  long errors() const { return errors_.load(); }
  std::string first_error() const;
  std::vector<double> LatenciesMs() const;  // every call's latency; only after Run

 private:
  struct Call;
  bool Claim(long* n);
  void Start(int slot, long n);
  void Done(Call* call, const grpc::Status& status);

  std::vector<std::unique_ptr<v1::PersonService::Stub>> stubs_;
  const Plan plan_;
  std::vector<std::vector<double>> latencies_;  // per slot: one call at a time writes each
  std::atomic<long> next_{0}, completed_{0}, errors_{0};
  mutable std::mutex mu_;
  std::condition_variable idle_;
  int active_ = 0;
  std::string first_error_;
};

}  // namespace consent::loadgen
