#include "report.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>

namespace consent::loadgen {

void AddLatencies(std::vector<double> latencies_ms, Summary& summary) {
  std::sort(latencies_ms.begin(), latencies_ms.end());
  summary.requests = static_cast<long>(latencies_ms.size());
  auto rank = [&](double p) {  // nearest rank
    if (latencies_ms.empty()) return 0.0;
    size_t i = static_cast<size_t>(p * static_cast<double>(latencies_ms.size()) + 0.999999);
    return latencies_ms[std::clamp<size_t>(i, 1, latencies_ms.size()) - 1];
  };
  summary.p50_ms = rank(0.50);
  summary.p99_ms = rank(0.99);
}

void PrintSummary(const Summary& s, bool json) {
  const double rps = s.seconds > 0 ? static_cast<double>(s.requests) / s.seconds : 0;
  if (json) {
    std::printf("{\"scenario\":\"%s\",\"concurrency\":%d,\"requests\":%ld,\"errors\":%ld,"
                "\"seconds\":%.3f,\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
                s.scenario.c_str(), s.concurrency, s.requests, s.errors, s.seconds, rps,
                s.p50_ms, s.p99_ms);
  } else {
    std::printf("scenario %s, %d in flight: %ld requests in %.1f s, %ld errors\n"
                "requests/s %.1f  p50 %.3f ms  p99 %.3f ms\n",
                s.scenario.c_str(), s.concurrency, s.requests, s.seconds, s.errors, rps,
                s.p50_ms, s.p99_ms);
  }
  std::fflush(stdout);
}

Progress::Progress(std::function<long()> completed, std::function<long()> errors)
    : thread_([completed = std::move(completed), errors = std::move(errors)](std::stop_token stop) {
        const auto start = std::chrono::steady_clock::now();
        std::mutex mu;
        std::condition_variable_any wake;
        long last = 0;
        for (int second = 1;; ++second) {
          std::unique_lock lock(mu);
          wake.wait_until(lock, stop, start + std::chrono::seconds(second), [] { return false; });
          if (stop.stop_requested()) return;
          const long now = completed();
          std::fprintf(stderr, "%ds %ld done %ld/s %ld errors\n", second, now, now - last, errors());
          last = now;
        }
      }) {}

}  // namespace consent::loadgen
