#pragma once
// Small readers of what a gRPC call answered, for tests: server initial metadata (ETag,
// Location, x-http-status). Field violations: wire::ViolatedFields.
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "lib/wire/status_details.h"

namespace consent::testing {

// The value of server initial metadata `key`, or "" when absent.
inline std::string InitialMetadata(const grpc::ClientContext& ctx, const std::string& key) {
  const auto& md = ctx.GetServerInitialMetadata();
  auto it = md.find(key);
  return it == md.end() ? "" : std::string(it->second.data(), it->second.size());
}

}  // namespace consent::testing
