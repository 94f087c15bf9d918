#pragma once
// Request ids: generated where a call has none, bounded where one is accepted, because they
// are logged and stored with every history entry.
#include <string>
#include <string_view>

namespace consent::wire {

inline constexpr size_t kMaxRequestIdLength = 128;

// A random (version 4) UUID, e.g. "0b6f5c8e-2f0a-4d4b-9c1e-7d2f3a4b5c6d".
std::string NewRequestId();

// 1..kMaxRequestIdLength printable ASCII characters (what gRPC metadata can carry).
bool IsAcceptableRequestId(std::string_view id);

// The field of a request message that holds its idempotency key (AIP-155), bounded as a
// request id is. The gateway fills it from the Idempotency-Key header.
inline constexpr char kIdempotencyKeyField[] = "request_id";

}  // namespace consent::wire
