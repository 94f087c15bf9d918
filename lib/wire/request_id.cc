#include "lib/wire/request_id.h"

#include <algorithm>
#include <cstdint>

#include <absl/random/random.h>
#include <absl/strings/str_format.h>

namespace consent::wire {

std::string NewRequestId() {
  thread_local absl::BitGen random;  // one generator per thread: no lock on the call path
  const uint64_t high = (absl::Uniform<uint64_t>(random) & ~0xf000ULL) | 0x4000ULL;  // version 4
  const uint64_t low =
      (absl::Uniform<uint64_t>(random) & ~(0xcULL << 60)) | (0x8ULL << 60);  // RFC 4122 variant
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32, (high >> 16) & 0xffff,
                         high & 0xffff, low >> 48, low & 0xffffffffffffULL);
}

bool IsAcceptableRequestId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxRequestIdLength &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

}  // namespace consent::wire
