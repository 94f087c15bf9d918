#pragma once
// Which failed attempts are retried, and how long to wait before the next one.
#include <absl/random/bit_gen_ref.h>
#include <absl/time/time.h>
#include <grpcpp/support/status.h>

#include "client/lib/consent_client/options.h"

namespace consent {

// kIdempotent: repeating the call cannot apply it twice (reads, deletes, PUT-style updates,
// SetPersonConsent, creates carrying a request id).
enum class Idempotency { kIdempotent, kNotIdempotent };

// Only UNAVAILABLE (nothing was done, or the connection broke) and only idempotent calls.
bool ShouldRetry(grpc::StatusCode code, Idempotency idempotency);

// Delay before retry number `retry` (1 = the first retry).
absl::Duration BackoffDelay(const RetryPolicy& policy, int retry, absl::BitGenRef random);

}  // namespace consent
