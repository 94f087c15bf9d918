#pragma once
// Checks of ledger requests before anything is read: INVALID_ARGUMENT with a violation per
// JSON property, nothing written.
#include <absl/status/status.h>
#include <absl/time/time.h>

#include "proto/consent/v1/ledger.pb.h"

namespace consent::ledger {

struct LedgerLimits {
  // collectedAt may be at most this far in the past (and not in the future beyond the skew).
  absl::Duration max_collected_age = absl::Hours(24 * 366);
  absl::Duration clock_skew = absl::Minutes(5);
};

constexpr int kMaxChecks = 1000;

absl::Status ValidateRecord(const v1::RecordConsentRequest& request, absl::Time now,
                            const LedgerLimits& limits);
absl::Status ValidateEvidence(const v1::ConsentEvidence& evidence, const char* prefix);
absl::Status ValidateCheck(const v1::CheckConsentsRequest& request);
// The optional `at` of a read (RFC 3339; empty: `now`).
absl::Status ParseAt(const std::string& text, absl::Time now, absl::Time* at);

}  // namespace consent::ledger
