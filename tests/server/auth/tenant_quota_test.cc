// The per-tenant token bucket: a burst, then the rate; a refused call says when to retry;
// tenants do not share buckets.
#include "server/auth/tenant_quota.h"

#include <gtest/gtest.h>

namespace consent::auth {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(TenantQuota, ABurstThenTheRate) {
  TenantQuota quota({.rate = 2, .burst = 3});
  for (int i = 0; i < 3; ++i) {
    TenantQuota::Decision taken = quota.Take("a", kStart);
    EXPECT_TRUE(taken.admitted) << i;
    EXPECT_EQ(taken.remaining, 2 - i);
  }
  TenantQuota::Decision refused = quota.Take("a", kStart);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, absl::Milliseconds(500));
  EXPECT_TRUE(quota.Take("a", kStart + absl::Milliseconds(500)).admitted);
  EXPECT_FALSE(quota.Take("a", kStart + absl::Milliseconds(500)).admitted);
  // A long pause refills up to the burst, not beyond.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(quota.Take("a", kStart + absl::Hours(1)).admitted);
  EXPECT_FALSE(quota.Take("a", kStart + absl::Hours(1)).admitted);
}

TEST(TenantQuota, OneTenantsFloodLeavesAnotherAlone) {
  TenantQuota quota({.rate = 1, .burst = 1});
  EXPECT_TRUE(quota.Take("flood", kStart).admitted);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(quota.Take("flood", kStart).admitted);
  EXPECT_TRUE(quota.Take("quiet", kStart).admitted);
}

TEST(TenantQuota, TheBurstDefaultsToTwiceTheRateAndRateZeroIsUnlimited) {
  EXPECT_EQ(TenantQuota({.rate = 5}).burst(), 10);
  TenantQuota off({.rate = 0});
  EXPECT_FALSE(off.enabled());
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(off.Take("a", kStart).admitted);
}

TEST(TenantQuota, ManyIdleTenantsAreForgotten) {
  TenantQuota quota({.rate = 1000, .burst = 1});
  // Far more tenants than a shard keeps; each is full again a second later.
  for (int i = 0; i < 200'000; ++i) {
    EXPECT_TRUE(quota.Take("t" + std::to_string(i), kStart + absl::Seconds(i / 1000)).admitted);
  }
  EXPECT_LE(quota.tenants_tracked(), 16u * 4096u);
}

}  // namespace
}  // namespace consent::auth
