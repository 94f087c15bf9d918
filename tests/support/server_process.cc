#include "tests/support/server_process.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <stdexcept>

#include "tests/support/test_identity.h"

namespace consent::testing {

ServerProcess::ServerProcess(const std::string& database_url,
                             const std::vector<std::string>& extra_flags,
                             const std::string& binary) {
  std::vector<std::string> args = {"--listen=127.0.0.1:0", "--database_url=" + database_url,
                                   "--health_interval_ms=200"};
  auto given = [&extra_flags](const std::string& prefix) {
    return std::any_of(extra_flags.begin(), extra_flags.end(),
                       [&prefix](const std::string& flag) { return flag.rfind(prefix, 0) == 0; });
  };
  if (!given("--insecure-no-auth")) {
    for (std::string& flag : TestAuthFlags()) {
      if (flag.rfind("--jwks-file=", 0) != 0 || !given("--jwks-url="))
        args.push_back(std::move(flag));
    }
  }
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  process_ = std::make_unique<ChildProcess>(binary, args);
  for (const auto& flag : extra_flags) {
    if (flag.rfind("--metrics_listen=", 0) == 0) {
      auto metrics = process_->WaitForLine("metrics http ");
      if (!metrics) throw std::runtime_error("consent-server exited before serving metrics");
      metrics_address_ = *metrics;
    }
  }
  auto address = process_->WaitForLine("listening grpc ");
  if (!address) throw std::runtime_error("consent-server exited before listening");
  address_ = *address;
}

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  return grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> TenantContext(const std::string& tenant,
                                                   const std::string& subject) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("customer-id", tenant);
  ctx->AddMetadata("authorization", BearerFor(tenant, subject));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

std::string UniqueTenant() {
  static std::atomic<int> counter{0};
  static const unsigned seed = std::random_device{}();
  return "t" + std::to_string(seed) + "-" + std::to_string(counter++);
}

}  // namespace consent::testing
