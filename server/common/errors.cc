#include "common/errors.h"

#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>

#include <absl/strings/str_join.h>

namespace consent {
namespace {
constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
}

void FieldViolations::Add(std::string field, std::string description) {
  violations_.emplace_back(std::move(field), std::move(description));
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  google::rpc::BadRequest bad_request;
  std::vector<std::string> summary;
  for (const auto& [field, description] : violations_) {
    auto* v = bad_request.add_field_violations();
    v->set_field(field);
    v->set_description(description);
    summary.push_back(field + ": " + description);
  }
  absl::Status status = absl::InvalidArgumentError(
      "validation failed: " + absl::StrJoin(summary, "; "));
  status.SetPayload(kBadRequestUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

absl::Status FieldViolation(std::string field, std::string description) {
  FieldViolations v;
  v.Add(std::move(field), std::move(description));
  return v.ToStatus();
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  auto payload = status.GetPayload(kBadRequestUrl);
  google::rpc::BadRequest bad_request;
  if (payload && bad_request.ParseFromString(std::string(*payload))) {
    for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  }
  return fields;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload) return grpc::Status(code, message);
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  auto* any = details.add_details();
  any->set_type_url(kBadRequestUrl);
  any->set_value(std::string(*payload));
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace consent
