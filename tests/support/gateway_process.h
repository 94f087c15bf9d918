#pragma once
// The real consent-gateway binary started for a test on a free port.
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace consent::testing {

class GatewayProcess {
 public:
  // Starts consent-gateway in front of the gRPC `backend` (host:port); waits until it listens.
  explicit GatewayProcess(const std::string& backend,
                          const std::vector<std::string>& extra_flags = {});
  const std::string& address() const { return address_; }  // host:port
  // host:port of /metrics, when started with --metrics-listen.
  const std::string& metrics_address() const { return metrics_address_; }
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
  std::string metrics_address_;
};

}  // namespace consent::testing
