#include "client/lib/consent_client/retry.h"

#include <algorithm>
#include <cmath>

#include <absl/random/distributions.h>

namespace consent {

bool ShouldRetry(grpc::StatusCode code, Idempotency idempotency) {
  return code == grpc::StatusCode::UNAVAILABLE && idempotency == Idempotency::kIdempotent;
}

absl::Duration BackoffDelay(const RetryPolicy& policy, int retry, absl::BitGenRef random) {
  absl::Duration base =
      std::min(policy.initial_backoff * std::pow(policy.multiplier, std::max(0, retry - 1)),
               policy.max_backoff);
  double factor = absl::Uniform(random, 1.0 - policy.jitter, 1.0 + policy.jitter);
  return base * factor;
}

}  // namespace consent
