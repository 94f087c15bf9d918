#pragma once
// Per-call facts taken from gRPC metadata: tenant, principal, request id, preconditions.
#include <optional>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>
#include <grpcpp/server_context.h>

namespace consent {

struct CallContext {
  std::string tenant;
  // Who made the call, for audit fields: the credential's subject (with authentication off:
  // the Basic user name, else "bearer", else "anonymous").
  std::string principal;
  std::string request_id;
  // Raw If-Match header value when the caller sent one.
  std::optional<std::string> if_match;
  // Media type of a PATCH body as the gateway received it (empty over direct gRPC).
  std::string patch_format;
};

// The call as server/auth admitted it (common/caller.h): its refusal (with the metadata it
// must carry, added to `ctx`), or the context. The tenant is the credential's; the
// `customer-id` metadata may only name the same one (PERMISSION_DENIED otherwise, unless
// the caller is a platform admin). With authentication off it is the metadata's.
// INVALID_ARGUMENT when there is no tenant or it is malformed.
absl::StatusOr<CallContext> ContextFromMetadata(grpc::ServerContext& ctx);

// The same with the tenant named by a `{clientId}` path value, else by `customer-id`.
absl::StatusOr<CallContext> ContextWithTenant(grpc::ServerContext& ctx, std::string_view client_id);

// The ETag for a row version, and the If-Match check against it (FAILED_PRECONDITION).
std::string EtagFor(long long version);
absl::Status CheckIfMatch(const CallContext& call, long long current_version);
void SetEtag(grpc::ServerContext& ctx, long long version);

// Tells the gateway which success status to use instead of 200 (e.g. 201) and where.
void SetCreated(grpc::ServerContext& ctx, const std::string& location);

}  // namespace consent
