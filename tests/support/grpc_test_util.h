#pragma once
// Small readers of what a gRPC call answered, for tests: field violations in the status
// details and server initial metadata (ETag, Location, x-http-status).
#include <string>
#include <vector>

#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>
#include <grpcpp/grpcpp.h>

namespace consent::testing {

// The field names of the google.rpc.BadRequest violations in `status`, in order.
inline std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  google::rpc::Status details;
  std::vector<std::string> fields;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad))
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
  }
  return fields;
}

// The value of server initial metadata `key`, or "" when absent.
inline std::string InitialMetadata(const grpc::ClientContext& ctx, const std::string& key) {
  const auto& md = ctx.GetServerInitialMetadata();
  auto it = md.find(key);
  return it == md.end() ? "" : std::string(it->second.data(), it->second.size());
}

}  // namespace consent::testing
