#pragma once
// Serves GET /metrics (Prometheus text) on its own port, on one background thread.
#include <memory>
#include <string>
#include <thread>

#include "lib/observability/metrics.h"

namespace consent::observability {

class MetricsEndpoint {
 public:
  // Binds `listen` (host:port, port 0 = any); throws on failure.
  MetricsEndpoint(const std::string& listen, const Metrics& metrics);
  ~MetricsEndpoint();
  int port() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::thread thread_;
};

}  // namespace consent::observability
