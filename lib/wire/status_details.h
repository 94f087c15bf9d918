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

// Collects field violations keyed by JSON property path. What a status carries is bounded,
// however many a hostile document has: at most MaxReported() violations, each field and
// description cut to kMaxViolationText bytes, all of them within kMaxViolationBytes (they
// travel in gRPC trailing metadata, which receivers cap at 8 KiB); the rest are counted in
// the message.
class FieldViolations {
 public:
  static constexpr size_t kMaxReported = 100;
  // The process's bound on violations reported, 1..kMaxReported (default kMaxReported;
  // consent-server --max-field-violations). The byte bound holds whatever it is.
  static void SetMaxReported(size_t max);
  static size_t MaxReported();
  static constexpr size_t kMaxViolationText = 200;
  static constexpr size_t kMaxViolationBytes = 5 * 1024;

  void Add(std::string field, std::string description);
  bool empty() const { return total_ == 0; }
  // OK when empty, else INVALID_ARGUMENT carrying the violations kept.
  absl::Status ToStatus() const;

 private:
  std::vector<Violation> violations_;
  size_t total_ = 0;
  size_t bytes_ = 0;
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
