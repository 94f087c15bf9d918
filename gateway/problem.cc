#include "gateway/problem.h"

#include <absl/strings/str_cat.h>

#include "lib/protoxml/xml_writer.h"
#include "lib/wire/status_details.h"

namespace consent::gateway {
namespace {

constexpr char kGenericDetail[] = "The server could not process the request.";
// The channel's own UNAVAILABLE messages name backend addresses; never pass them on.
constexpr char kUnavailableDetail[] = "The service is temporarily unavailable; retry later.";

http::status HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return http::status::bad_request;
    case absl::StatusCode::kUnauthenticated:
      return http::status::unauthorized;
    case absl::StatusCode::kPermissionDenied:
      return http::status::forbidden;
    case absl::StatusCode::kNotFound:
      return http::status::not_found;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return http::status::conflict;
    case absl::StatusCode::kFailedPrecondition:
      return http::status::precondition_failed;
    case absl::StatusCode::kResourceExhausted:
      return http::status::too_many_requests;
    case absl::StatusCode::kUnimplemented:
      return http::status::not_implemented;
    case absl::StatusCode::kUnavailable:
      return http::status::service_unavailable;
    case absl::StatusCode::kDeadlineExceeded:
      return http::status::gateway_timeout;
    default:
      return http::status::internal_server_error;
  }
}

// {"field": ["description", ...]} from the status's field violations, or null.
nlohmann::ordered_json FieldViolations(const absl::Status& status) {
  nlohmann::ordered_json errors;
  for (const wire::Violation& violation : wire::ViolationsOf(status)) {
    errors[violation.field].push_back(violation.description);
  }
  return errors;
}

}  // namespace

Problem ProblemFromStatus(const absl::Status& status) {
  Problem problem;
  problem.status = HttpStatusOf(status.code());
  switch (problem.status) {
    case http::status::internal_server_error:
      problem.detail = kGenericDetail;
      break;
    case http::status::service_unavailable:
      problem.detail = kUnavailableDetail;
      break;
    default:
      problem.detail = std::string(status.message());
  }
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    problem.errors = FieldViolations(status);
    if (!problem.errors.is_null()) problem.status = http::status::unprocessable_entity;
  }
  if (problem.status == http::status::service_unavailable) {
    problem.headers.emplace_back(http::field::retry_after, "1");
  }
  return problem;
}

namespace {

std::string ProblemXml(const nlohmann::ordered_json& body) {
  std::string xml = "<problem xmlns=\"urn:ietf:rfc:7807\">";
  for (const auto& [name, value] : body.items()) {
    absl::StrAppend(&xml, "<", name, ">");
    if (name == "errors") {
      for (const auto& [property, messages] : value.items()) {
        absl::StrAppend(&xml, "<i><property>");
        protoxml::AppendEscaped(&xml, property);
        absl::StrAppend(&xml, "</property><messages>");
        for (const auto& message : messages) {
          absl::StrAppend(&xml, "<i>");
          protoxml::AppendEscaped(
              &xml, message.is_string() ? message.get<std::string>() : message.dump());
          absl::StrAppend(&xml, "</i>");
        }
        absl::StrAppend(&xml, "</messages></i>");
      }
    } else {
      protoxml::AppendEscaped(&xml, value.is_string() ? value.get<std::string>() : value.dump());
    }
    absl::StrAppend(&xml, "</", name, ">");
  }
  return xml + "</problem>";
}

}  // namespace

HttpResponse RenderProblem(const Problem& problem, const std::string& instance, bool xml) {
  nlohmann::ordered_json body;
  body["type"] = "about:blank";
  body["title"] = std::string(http::obsolete_reason(problem.status));
  body["status"] = static_cast<unsigned>(problem.status);
  body["detail"] = problem.detail;
  body["instance"] = instance;
  if (!problem.errors.is_null()) body["errors"] = problem.errors;
  HttpResponse response(problem.status, 11);
  response.set(http::field::content_type,
               xml ? "application/problem+xml; charset=utf-8" : "application/problem+json");
  for (const auto& [field, value] : problem.headers) response.set(field, value);
  response.body() =
      xml ? ProblemXml(body)
          : body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

}  // namespace consent::gateway
