#pragma once
// gRPC status -> absl::Status without losing the details: every google.protobuf.Any in the
// google.rpc.Status details becomes a payload under its type URL (the server's own
// convention), so google.rpc.BadRequest field violations survive the conversion.
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

namespace consent {

absl::Status FromGrpcStatus(const grpc::Status& status);

struct FieldViolation {
  std::string field;  // JSON property path, e.g. "Person.Email"
  std::string description;
};

// The google.rpc.BadRequest field violations carried by `status` (empty when none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

}  // namespace consent
