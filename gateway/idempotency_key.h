#pragma once
// The Idempotency-Key request header (draft-ietf-httpapi-idempotency-key-header), bound to
// the idempotency key field of a route's request (wire::kIdempotencyKeyField, AIP-155's
// `request_id`) as path variables are bound to theirs: any RPC with that field takes the
// header, with no gateway code of its own. Routes whose request has none ignore it.
#include <optional>
#include <string>

#include "gateway/http_types.h"
#include "gateway/problem.h"
#include "gateway/route_table.h"

namespace consent::gateway {

constexpr char kIdempotencyKeyHeader[] = "Idempotency-Key";

// Sets `key` to the key the request's header names for `route`, nullopt when the route
// takes none or the request sends none. The value is a structured-field String (`"..."`,
// RFC 8941) or, as most clients send it, the bare key. Returns a 400 problem naming the
// header when it is sent twice or is not 1..128 printable ASCII characters (the server's
// bound, wire::IsAcceptableRequestId).
std::optional<Problem> ReadIdempotencyKey(const Route& route, const HttpRequest& request,
                                          std::optional<std::string>& key);

// For a request whose key came in the header: a refusal the server words after the key
// field (a key reused for another request) names the header instead.
void NameTheHeader(const Route& route, Problem& problem);

}  // namespace consent::gateway
