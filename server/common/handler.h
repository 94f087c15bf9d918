#pragma once
// The edge of every RPC: build the CallContext from metadata, refuse text the database
// cannot store (storable_text.h), run the domain code, convert its absl::Status to a
// grpc::Status. An escaped exception becomes INTERNAL with no detail (and is logged),
// never a crash.
#include <exception>
#include <string_view>

#include <google/protobuf/empty.pb.h>
#include <grpcpp/server_context.h>

#include "lib/observability/json_log.h"
#include "lib/wire/status_details.h"
#include "server/common/call_context.h"
#include "server/common/storable_text.h"

namespace consent {

// The request of an RPC that carries no text (an id alone).
inline const google::protobuf::Empty kNoText;

template <typename Fn>
grpc::Status HandleWithContext(absl::StatusOr<CallContext> call,
                               const google::protobuf::Message& request, Fn&& fn) {
  if (!call.ok()) return wire::ToGrpcStatus(call.status());
  if (absl::Status text = CheckStorableText(request); !text.ok()) return wire::ToGrpcStatus(text);
  try {
    return wire::ToGrpcStatus(fn(*call));
  } catch (const std::exception& e) {
    observability::LogJson("error", "unhandled exception in RPC", {{"error", e.what()}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
  }
}

// For RPCs whose tenant is the `customer-id` metadata.
template <typename Fn>
grpc::Status Handle(grpc::ServerContext* ctx, const google::protobuf::Message& request, Fn&& fn) {
  return HandleWithContext(ContextFromMetadata(*ctx), request, std::forward<Fn>(fn));
}

// For RPCs whose tenant is a `{clientId}` path value.
template <typename Fn>
grpc::Status HandleForClient(grpc::ServerContext* ctx, const google::protobuf::Message& request,
                             std::string_view client_id, Fn&& fn) {
  return HandleWithContext(ContextWithTenant(*ctx, client_id), request, std::forward<Fn>(fn));
}

}  // namespace consent
