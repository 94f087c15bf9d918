#include "lib/wire/status_details.h"

#include <algorithm>
#include <atomic>

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>

namespace consent::wire {
namespace {

constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
// Violations named in the status message; all of them are in the payload.
constexpr size_t kNamedInMessage = 3;

std::atomic<size_t> max_reported{FieldViolations::kMaxReported};

// At most `max` bytes of `text`, not cutting a UTF-8 sequence, marked when cut.
std::string Cut(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "...";
}

}  // namespace

void FieldViolations::SetMaxReported(size_t max) {
  max_reported = std::clamp<size_t>(max, 1, kMaxReported);
}

size_t FieldViolations::MaxReported() { return max_reported; }

void FieldViolations::Add(std::string field, std::string description) {
  ++total_;
  if (violations_.size() >= MaxReported()) return;
  field = Cut(std::move(field), kMaxViolationText);
  description = Cut(std::move(description), kMaxViolationText);
  const size_t bytes = field.size() + description.size() + 8;  // with protobuf framing
  if (bytes_ + bytes > kMaxViolationBytes) return;
  bytes_ += bytes;
  violations_.push_back({std::move(field), std::move(description)});
}

absl::Status FieldViolations::ToStatus() const {
  if (total_ == 0) return absl::OkStatus();
  google::rpc::BadRequest bad_request;
  std::vector<std::string> summary;
  for (const auto& [field, description] : violations_) {
    auto* v = bad_request.add_field_violations();
    v->set_field(field);
    v->set_description(description);
    if (summary.size() < kNamedInMessage) summary.push_back(field + ": " + description);
  }
  std::string message = "validation failed: " + absl::StrJoin(summary, "; ");
  if (total_ > summary.size())
    absl::StrAppend(&message, "; and ", total_ - summary.size(), " more");
  if (total_ > violations_.size()) {
    absl::StrAppend(&message, " (", violations_.size(), " of ", total_, " problems listed)");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

absl::Status FieldViolation(std::string field, std::string description) {
  FieldViolations v;
  v.Add(std::move(field), std::move(description));
  return v.ToStatus();
}

std::vector<Violation> ViolationsOf(const absl::Status& status) {
  std::vector<Violation> out;
  auto payload = status.GetPayload(kBadRequestUrl);
  google::rpc::BadRequest bad_request;
  if (!payload || !bad_request.ParseFromString(std::string(*payload))) return out;
  for (const auto& v : bad_request.field_violations()) out.push_back({v.field(), v.description()});
  return out;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (Violation& v : ViolationsOf(status)) fields.push_back(std::move(v.field));
  return fields;
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  return ViolatedFields(FromGrpcStatus(status));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  google::rpc::Status details;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = details.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  if (details.details().empty()) return grpc::Status(code, message);
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details())
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return out;
}

}  // namespace consent::wire
