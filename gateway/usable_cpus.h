#pragma once
// How many CPUs this process may keep busy: the container's CPU limit (cgroup v2
// cpu.max, or v1 cfs quota/period), rounded up, else the hardware threads. A pod limited
// to 2 CPUs on a 64-core node should not start 64 I/O threads.
#include <optional>
#include <string>

namespace consent::gateway {

unsigned UsableCpus();

// The CPU limit of a cgroup v2 "cpu.max" text ("150000 100000" -> 2), nullopt for "max".
std::optional<unsigned> CpusFromCpuMax(const std::string& cpu_max);
// The same from cgroup v1 files: quota -1 means no limit.
std::optional<unsigned> CpusFromCfs(const std::string& quota_us, const std::string& period_us);

}  // namespace consent::gateway
