// consent-gateway: REST/JSON in front of consent-server's gRPC API.
#include <csignal>
#include <iostream>

#include <absl/synchronization/mutex.h>
#include <sys/resource.h>

#include "gateway/gateway.h"
#include "lib/flags/flag_set.h"
#include "lib/observability/json_log.h"
#include "lib/observability/metrics_endpoint.h"
#include "proto/embedded_descriptor_set.h"

int main(int argc, char** argv) {
  // Debian builds Abseil with debug checks on; its mutex deadlock detector then keeps a
  // global lock graph on every gRPC lock: measurable per-call cost (see tests/bench).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Every keep-alive connection holds a descriptor: allow the hard limit, not the soft
  // default (often 1024).
  if (rlimit files; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  consent::observability::BufferLogs();
  using namespace consent::gateway;
  GatewayConfig config;
  consent::flags::FlagSet flags;
  RegisterGatewayFlags(flags, &config);
  if (absl::Status parsed = flags.Parse(argc, argv); !parsed.ok()) {
    std::cerr << parsed.message() << "\n" << flags.Usage(argv[0]);
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << flags.Usage(argv[0]);
    return 0;
  }
  auto gateway = Gateway::Start(config, std::string(consent::EmbeddedDescriptorSet()));
  if (!gateway.ok()) {
    std::cerr << "consent-gateway: " << gateway.status().message() << "\n";
    return 1;
  }
  (*gateway)->ShutdownOnSignals({SIGTERM, SIGINT}, config.grace_period);
  const bool wildcard = config.listen_host == "0.0.0.0" || config.listen_host == "::";
  std::unique_ptr<consent::observability::MetricsEndpoint> metrics;
  if (!config.metrics_listen.empty()) {
    metrics = std::make_unique<consent::observability::MetricsEndpoint>(config.metrics_listen,
                                                                        (*gateway)->metrics());
    std::cout << "metrics http " << (wildcard ? "127.0.0.1" : config.listen_host) << ":"
              << metrics->port() << "\n";
  }
  std::cout << "listening http " << (wildcard ? "127.0.0.1" : config.listen_host) << ":"
            << (*gateway)->port() << std::endl;
  (*gateway)->Wait();
  return 0;
}
