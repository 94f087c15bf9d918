#pragma once
// Per-tenant quotas: a token bucket per tenant, in this replica. Each call takes a token;
// tokens come back at `rate` per second up to `burst`. A tenant with an empty bucket is
// refused until a token is back, so one tenant's flood leaves the others' buckets alone.
#include <array>
#include <string>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/string_view.h>
#include <absl/synchronization/mutex.h>
#include <absl/time/time.h>

namespace consent::auth {

class TenantQuota {
 public:
  struct Limits {
    double rate = 0;  // tokens per second; 0: no quota
    int burst = 0;    // bucket size; 0: twice the rate
  };
  struct Decision {
    bool admitted = true;
    int remaining = 0;                                  // whole tokens left after this call
    absl::Duration retry_after = absl::ZeroDuration();  // until the next token, when refused
  };

  explicit TenantQuota(Limits limits);

  bool enabled() const { return limits_.rate > 0; }
  double rate() const { return limits_.rate; }
  int burst() const { return limits_.burst; }
  Decision Take(absl::string_view tenant, absl::Time now);
  // How many tenants' buckets are kept (bounded: see kMaxBucketsPerShard).
  size_t tenants_tracked();

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  // Shards, so that calls of different tenants rarely wait on one lock.
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Bucket> buckets ABSL_GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 16;
  // A shard forgets its full buckets (tenants idle long enough to have refilled) when it
  // holds more than this, so the memory is bounded by the tenants active at once.
  static constexpr size_t kMaxBucketsPerShard = 4096;

  const Limits limits_;
  std::array<Shard, kShards> shards_;
};

}  // namespace consent::auth
