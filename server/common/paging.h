#pragma once
// Keyset pagination shared by every List RPC: the page token is an opaque encoding of
// the last id returned; pages are ordered by id.
#include <string>

#include <absl/status/statusor.h>

namespace consent {

struct PageRequest {
  int limit = 50;          // rows to return
  long long after_id = 0;  // return ids greater than this
};

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

// Validates page_size (0 = default, capped at kMaxPageSize) and decodes page_token.
absl::StatusOr<PageRequest> ParsePageRequest(int page_size, const std::string& page_token);

// The token for the page after `last_id`; empty when `returned` < limit (no more rows).
std::string NextPageToken(const PageRequest& page, int returned, long long last_id);

}  // namespace consent
