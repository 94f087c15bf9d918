#include "gateway/usable_cpus.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include <absl/strings/numbers.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

namespace consent::gateway {
namespace {

std::string ReadFile(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<unsigned> CeilRatio(absl::string_view quota, absl::string_view period) {
  long long q = 0, p = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(quota), &q) ||
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(period), &p) || q <= 0 || p <= 0) {
    return std::nullopt;
  }
  return static_cast<unsigned>((q + p - 1) / p);
}

}  // namespace

std::optional<unsigned> CpusFromCpuMax(const std::string& cpu_max) {
  std::vector<absl::string_view> fields =
      absl::StrSplit(absl::StripAsciiWhitespace(cpu_max), ' ', absl::SkipEmpty());
  if (fields.size() != 2) return std::nullopt;
  return CeilRatio(fields[0], fields[1]);  // "max" does not parse: no limit
}

std::optional<unsigned> CpusFromCfs(const std::string& quota_us, const std::string& period_us) {
  return CeilRatio(quota_us, period_us);  // a quota of -1 means no limit
}

unsigned UsableCpus() {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  std::optional<unsigned> limit = CpusFromCpuMax(ReadFile("/sys/fs/cgroup/cpu.max"));
  if (!limit) {
    limit = CpusFromCfs(ReadFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
                        ReadFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
  }
  return limit ? std::clamp(*limit, 1u, hardware) : hardware;
}

}  // namespace consent::gateway
