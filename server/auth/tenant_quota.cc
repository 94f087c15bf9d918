#include "server/auth/tenant_quota.h"

#include <algorithm>
#include <cmath>

#include <absl/hash/hash.h>

namespace consent::auth {

TenantQuota::TenantQuota(Limits limits)
    : limits_{limits.rate, limits.burst > 0
                               ? limits.burst
                               : std::max(1, static_cast<int>(std::ceil(2 * limits.rate)))} {}

TenantQuota::Decision TenantQuota::Take(absl::string_view tenant, absl::Time now) {
  if (!enabled()) return {};
  Shard& shard = shards_[absl::HashOf(tenant) % kShards];
  absl::MutexLock lock(&shard.mu);
  auto refilled = [&](const Bucket& bucket) {
    return std::min<double>(
        limits_.burst, bucket.tokens + absl::ToDoubleSeconds(now - bucket.updated) * limits_.rate);
  };
  auto found = shard.buckets.find(tenant);
  if (found == shard.buckets.end()) {
    if (shard.buckets.size() >= kMaxBucketsPerShard) {
      absl::erase_if(shard.buckets,
                     [&](const auto& entry) { return refilled(entry.second) >= limits_.burst; });
    }
    found =
        shard.buckets.emplace(std::string(tenant), Bucket{static_cast<double>(limits_.burst), now})
            .first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = refilled(bucket);
  bucket.updated = now;
  if (bucket.tokens < 1) {
    return {.admitted = false,
            .remaining = 0,
            .retry_after = absl::Seconds((1 - bucket.tokens) / limits_.rate)};
  }
  bucket.tokens -= 1;
  return {.admitted = true, .remaining = static_cast<int>(bucket.tokens)};
}

size_t TenantQuota::tenants_tracked() {
  size_t count = 0;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    count += shard.buckets.size();
  }
  return count;
}

}  // namespace consent::auth
