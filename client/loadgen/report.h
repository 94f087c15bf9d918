// What consent-loadgen prints: progress on stderr once a second while calls run, and the
// summary (requests/s, p50, p99, errors) as text or as one JSON line on stdout.
#pragma once

#include <functional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace consent::loadgen {

struct Summary {
  std::string scenario;
  int concurrency = 0;
  long requests = 0;
  long errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0;
};

// Fills requests, p50 and p99 from every call's latency in milliseconds.
void AddLatencies(std::vector<double> latencies_ms, Summary& summary);

void PrintSummary(const Summary& summary, bool json);

// Prints "<seconds>s <completed> done <rate>/s <errors> errors" to stderr every second
// until destroyed.
class Progress {
 public:
  Progress(std::function<long()> completed, std::function<long()> errors);

 private:
  std::jthread thread_;
};

}  // namespace consent::loadgen
