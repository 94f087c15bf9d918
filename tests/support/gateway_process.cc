#include "tests/support/gateway_process.h"

#include <stdexcept>

namespace consent::testing {

GatewayProcess::GatewayProcess(const std::string& backend,
                               const std::vector<std::string>& extra_flags) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--backend", backend};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  process_ = std::make_unique<ChildProcess>(CONSENT_GATEWAY_BINARY, args);
  for (const auto& flag : extra_flags) {
    if (flag == "--metrics-listen")
      metrics_address_ = process_->WaitForLine("metrics http ").value_or("");
  }
  auto address = process_->WaitForLine("listening http ");
  if (!address) throw std::runtime_error("consent-gateway exited before listening");
  address_ = *address;
}

}  // namespace consent::testing
