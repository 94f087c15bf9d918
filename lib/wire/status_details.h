#pragma once
// Errors on the wire: absl::Status inside every process, grpc::Status between them. Field
// violations ride in the absl::Status payload as a serialized google.rpc.BadRequest and in
// the grpc::Status details as a google.rpc.Status; the gateway turns them into a 422
// `errors` map, the client library and consentctl into their own output.
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

namespace consent::wire {

struct Violation {
  std::string field;  // JSON property path, e.g. "ConsentTypes[0].TypeName"
  std::string description;
};

// Collects field violations keyed by JSON property path.
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // OK when empty, else INVALID_ARGUMENT carrying every violation.
  absl::Status ToStatus() const;

 private:
  std::vector<Violation> violations_;
};

// A single-field violation.
absl::Status FieldViolation(std::string field, std::string description);

// The violations a status carries (empty when none).
std::vector<Violation> ViolationsOf(const absl::Status& status);
// Their field names alone, of a status here or as a call answered it.
std::vector<std::string> ViolatedFields(const absl::Status& status);
std::vector<std::string> ViolatedFields(const grpc::Status& status);

// Both directions keep every payload: a payload becomes a google.protobuf.Any of the
// google.rpc.Status details under its type URL, and back.
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace consent::wire
