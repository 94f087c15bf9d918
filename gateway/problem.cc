#include "problem.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace consent::gateway {
namespace {

constexpr char kGenericDetail[] = "The server could not process the request.";
// The channel's own UNAVAILABLE messages name backend addresses; never pass them on.
constexpr char kUnavailableDetail[] = "The service is temporarily unavailable; retry later.";

http::status HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE: return http::status::bad_request;
    case grpc::StatusCode::UNAUTHENTICATED: return http::status::unauthorized;
    case grpc::StatusCode::PERMISSION_DENIED: return http::status::forbidden;
    case grpc::StatusCode::NOT_FOUND: return http::status::not_found;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED: return http::status::conflict;
    case grpc::StatusCode::FAILED_PRECONDITION: return http::status::precondition_failed;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return http::status::too_many_requests;
    case grpc::StatusCode::UNIMPLEMENTED: return http::status::not_implemented;
    case grpc::StatusCode::UNAVAILABLE: return http::status::service_unavailable;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return http::status::gateway_timeout;
    default: return http::status::internal_server_error;
  }
}

// {"field": ["description", ...]} from the google.rpc.BadRequest details, or null.
nlohmann::ordered_json FieldViolations(const std::string& binary_details) {
  google::rpc::Status details;
  if (binary_details.empty() || !details.ParseFromString(binary_details)) return nullptr;
  nlohmann::ordered_json errors;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      errors[violation.field()].push_back(violation.description());
    }
  }
  return errors;
}

}  // namespace

Problem ProblemFromStatus(const grpc::Status& status) {
  Problem problem;
  problem.status = HttpStatusOf(status.error_code());
  switch (problem.status) {
    case http::status::internal_server_error: problem.detail = kGenericDetail; break;
    case http::status::service_unavailable: problem.detail = kUnavailableDetail; break;
    default: problem.detail = status.error_message();
  }
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    problem.errors = FieldViolations(status.error_details());
    if (!problem.errors.is_null()) problem.status = http::status::unprocessable_entity;
  }
  if (problem.status == http::status::service_unavailable) {
    problem.headers.emplace_back(http::field::retry_after, "1");
  }
  return problem;
}

HttpResponse RenderProblem(const Problem& problem, const std::string& instance) {
  nlohmann::ordered_json body;
  body["type"] = "about:blank";
  body["title"] = std::string(http::obsolete_reason(problem.status));
  body["status"] = static_cast<unsigned>(problem.status);
  body["detail"] = problem.detail;
  body["instance"] = instance;
  if (!problem.errors.is_null()) body["errors"] = problem.errors;
  HttpResponse response(problem.status, 11);
  response.set(http::field::content_type, "application/problem+json");
  for (const auto& [field, value] : problem.headers) response.set(field, value);
  response.body() = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

}  // namespace consent::gateway
