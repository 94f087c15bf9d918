#include "gateway/usable_cpus.h"

#include <thread>

#include <gtest/gtest.h>

namespace consent::gateway {
namespace {

TEST(UsableCpusTest, CgroupV2LimitRoundsUp) {
  EXPECT_EQ(CpusFromCpuMax("200000 100000\n"), 2u);
  EXPECT_EQ(CpusFromCpuMax("150000 100000"), 2u);
  EXPECT_EQ(CpusFromCpuMax("50000 100000"), 1u);
}

TEST(UsableCpusTest, NoLimitOrUnreadableIsNone) {
  EXPECT_EQ(CpusFromCpuMax("max 100000\n"), std::nullopt);
  EXPECT_EQ(CpusFromCpuMax(""), std::nullopt);
  EXPECT_EQ(CpusFromCfs("-1\n", "100000\n"), std::nullopt);
  EXPECT_EQ(CpusFromCfs("", ""), std::nullopt);
}

TEST(UsableCpusTest, CgroupV1LimitRoundsUp) { EXPECT_EQ(CpusFromCfs("250000\n", "100000\n"), 3u); }

TEST(UsableCpusTest, NeverMoreThanTheHardwareNorLessThanOne) {
  const unsigned cpus = UsableCpus();
  EXPECT_GE(cpus, 1u);
  EXPECT_LE(cpus, std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace consent::gateway
