#pragma once
// Keyset pagination shared by every List RPC: pages are ordered by id, and the page token
// names the last id returned, sealed with an HMAC over that id and the list it belongs to
// (the tenant and the query), so a client can neither forge a position nor carry a token
// to another tenant's or another query's list. The key is the deployment's (one row of
// service_keys, made by migration 0006), so every replica accepts every replica's tokens.
#include <string>

#include <absl/status/statusor.h>

#include "server/db/connection_pool.h"

namespace consent {

struct PageRequest {
  int limit = 50;          // rows to return
  long long after_id = 0;  // return ids greater than this
  std::string scope;       // the list the token belongs to
};

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

// Reads the deployment's key; once at start, before serving (server/app/server.cc).
absl::Status LoadPageTokenKey(ConnectionPool& pool);

// Validates page_size (0 = default, capped at kMaxPageSize) and decodes page_token, which
// must have been issued for `scope` (e.g. "<tenant>/persons"): INVALID_ARGUMENT otherwise.
absl::StatusOr<PageRequest> ParsePageRequest(int page_size, const std::string& page_token,
                                             std::string scope);

// The token for the page after `last_id`; empty when `returned` < limit (no more rows).
std::string NextPageToken(const PageRequest& page, int returned, long long last_id);

}  // namespace consent
