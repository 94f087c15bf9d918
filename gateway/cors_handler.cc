#include "gateway/cors_handler.h"

#include <algorithm>

#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "gateway/forwarded_headers.h"
#include "gateway/idempotency_key.h"

namespace consent::gateway {
namespace {

// How long a browser may reuse a preflight's answer.
constexpr char kPreflightMaxAgeSeconds[] = "600";

std::string Header(const HttpRequest& request, http::field name) {
  auto it = request.find(name);
  return it == request.end() ? "" : std::string(it->value());
}

// Request headers a page may set beyond the CORS-safelisted ones.
std::string AllowedRequestHeaders(const std::vector<ForwardedHeader>& forwarded) {
  std::vector<std::string> names = {"Content-Type", kRequestIdHeader, kIdempotencyKeyHeader};
  for (const ForwardedHeader& header : forwarded) names.push_back(header.name);
  return absl::StrJoin(names, ", ");
}

}  // namespace

CorsHandler::CorsHandler(HttpHandler& inner, const RouteTable& routes,
                         std::vector<std::string> origins,
                         const std::vector<ForwardedHeader>& forwarded_headers)
    : inner_(inner),
      routes_(routes),
      origins_(std::move(origins)),
      allowed_request_headers_(AllowedRequestHeaders(forwarded_headers)) {}

bool CorsHandler::Allowed(const std::string& origin) const {
  if (origin.empty()) return false;
  return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& allowed) {
    return allowed == "*" || allowed == origin;
  });
}

void CorsHandler::Decorate(const std::string& origin, HttpResponse& response) const {
  // Answers differ by Origin: shared caches must keep them apart.
  const std::string vary(response[http::field::vary]);
  response.set(http::field::vary, vary.empty() ? "Origin" : vary + ", Origin");
  if (!Allowed(origin)) return;
  response.set(http::field::access_control_allow_origin, origin);
  response.set(http::field::access_control_expose_headers,
               absl::StrJoin(kReadableResponseHeaders, ", "));
}

void CorsHandler::Handle(HttpRequest request, Respond respond) {
  if (origins_.empty()) return inner_.Handle(std::move(request), std::move(respond));
  const std::string origin = Header(request, http::field::origin);
  const bool preflight = request.method() == http::verb::options &&
                         request.count(http::field::access_control_request_method) > 0;
  if (preflight && Allowed(origin)) {
    std::string target(request.target());
    // No route answers OPTIONS, so the lookup lists every method the path has.
    RouteTable::Lookup lookup = routes_.Find("OPTIONS", target.substr(0, target.find('?')));
    if (!lookup.allowed_methods.empty()) {
      HttpResponse response(http::status::no_content, request.version());
      response.set(http::field::access_control_allow_methods,
                   absl::StrJoin(lookup.allowed_methods, ", "));
      response.set(http::field::access_control_allow_headers, allowed_request_headers_);
      response.set(http::field::access_control_max_age, kPreflightMaxAgeSeconds);
      Decorate(origin, response);
      return respond(std::move(response));
    }
  }
  inner_.Handle(std::move(request),
                [this, origin, respond = std::move(respond)](HttpResponse response) {
                  Decorate(origin, response);
                  respond(std::move(response));
                });
}

HttpResponse CorsHandler::Rejected(const HttpRequest& request, http::status status,
                                   const std::string& detail) {
  HttpResponse response = inner_.Rejected(request, status, detail);
  if (!origins_.empty()) Decorate(Header(request, http::field::origin), response);
  return response;
}

absl::StatusOr<std::vector<std::string>> ParseCorsOrigins(const std::string& value) {
  std::vector<std::string> origins;
  for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
    std::string origin(absl::StripAsciiWhitespace(part));
    absl::string_view rest = origin;
    const bool has_scheme =
        absl::ConsumePrefix(&rest, "https://") || absl::ConsumePrefix(&rest, "http://");
    if (origin != "*" && (!has_scheme || rest.empty() || rest.find('/') != rest.npos)) {
      return absl::InvalidArgumentError("--cors-origins: \"" + origin +
                                        "\" is not an origin (scheme://host[:port]) or *");
    }
    origins.push_back(std::move(origin));
  }
  return origins;
}

}  // namespace consent::gateway
