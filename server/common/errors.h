#pragma once
// Error vocabulary shared by every layer: absl::Status inside, grpc::Status at the edge.
// Field violations ride in the absl::Status payload as a serialized google.rpc.BadRequest
// and become gRPC status details, which the gateway turns into a 422 `errors` map.
#include <string>
#include <utility>
#include <vector>

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

namespace consent {

// Collects field violations keyed by JSON property path (e.g. "ConsentTypes[0].TypeName").
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // OK when empty, else INVALID_ARGUMENT carrying every violation.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// A single-field violation.
absl::Status FieldViolation(std::string field, std::string description);

// The field names of a status's violations (empty when it carries none); used by tests.
std::vector<std::string> ViolatedFields(const absl::Status& status);

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace consent
