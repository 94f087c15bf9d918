#pragma once
// Run-time settings of consent-gateway and their flags.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gateway/forwarded_headers.h"
#include "lib/flags/flag_set.h"

namespace consent::gateway {

struct GatewayConfig {
  std::string listen_host = "0.0.0.0";
  uint16_t listen_port = 8080;  // 0 picks a free port
  std::string backend = "127.0.0.1:50051";
  uint64_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds timeout{10000};       // gRPC deadline per request
  std::chrono::milliseconds idle_timeout{60000};  // connection waiting for a request
  unsigned threads = 0;                           // 0 = UsableCpus()
  std::string metrics_listen;                     // host:port of /metrics; empty = off
  std::chrono::seconds grace_period{20};          // after SIGTERM, for in-flight requests
  std::string default_customer_id;                // for requests without Customer-Id; empty = none
  std::vector<std::string> cors_origins;          // browser origins allowed; "*" any; empty = off
  std::vector<ForwardedHeader> forwarded_headers = *ParseForwardedHeaders(kDefaultForwardedHeaders);
};

// --listen, --backend, --max-body-bytes, --timeout-ms, --idle-timeout-ms, --threads,
// --metrics-listen, --grace-period-seconds, --default-customer-id, --cors-origins,
// --forward-headers with
// GATEWAY_* fallbacks.
void RegisterGatewayFlags(flags::FlagSet& flags, GatewayConfig* config);

}  // namespace consent::gateway
