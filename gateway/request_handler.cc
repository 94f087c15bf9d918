#include "gateway/request_handler.h"

#include <algorithm>
#include <string_view>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <nlohmann/json.hpp>

#include "gateway/forwarded_headers.h"
#include "gateway/idempotency_key.h"
#include "gateway/media_types.h"
#include "gateway/openapi_document.h"
#include "gateway/problem.h"
#include "lib/wire/metadata.h"
#include "lib/wire/request_id.h"

namespace consent::gateway {
namespace {

constexpr char kNdjson[] = "application/x-ndjson";
// The most a streamed answer (a person's export) may hold, serialized, before the gateway
// answers 413-like RESOURCE_EXHAUSTED instead: the whole answer is rendered in memory.
constexpr size_t kMaxStreamedBytes = 64 << 20;

std::string Header(const HttpRequest& request, const char* name) {
  auto it = request.find(name);
  return it == request.end() ? "" : std::string(it->value());
}

// gRPC metadata values are printable ASCII; gRPC aborts the process on anything else.
bool IsPrintableAscii(const std::string& value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// The request's X-Request-Id, or a new one when it has none we can forward.
std::string RequestId(const HttpRequest& request) {
  std::string id = Header(request, kRequestIdHeader);
  return wire::IsAcceptableRequestId(id) ? id : wire::NewRequestId();
}

// The first header that would travel as metadata but cannot, or nullptr.
const char* UnforwardableHeader(const HttpRequest& request,
                                const std::vector<ForwardedHeader>& forwarded) {
  for (const ForwardedHeader& header : forwarded) {
    if (!IsPrintableAscii(Header(request, header.name.c_str()))) return header.name.c_str();
  }
  for (const char* header : {kRequestIdHeader, "Content-Type"}) {
    if (!IsPrintableAscii(Header(request, header))) return header;
  }
  return nullptr;
}

std::string PathOf(const HttpRequest& request) {
  std::string target(request.target());
  return target.substr(0, target.find('?'));
}

std::string QueryOf(const HttpRequest& request) {
  std::string target(request.target());
  size_t mark = target.find('?');
  return mark == std::string::npos ? "" : target.substr(mark + 1);
}

// Every answer: answers carry personal data, which no cache may keep, and a client must
// not guess a type other than the one named (problems included).
HttpResponse Finish(HttpResponse response, const std::string& request_id) {
  response.set(kRequestIdHeader, request_id);
  // JSON or XML by Accept; localized lists by Accept-Language (response_localizer.h).
  response.set(http::field::vary, "Accept, Accept-Language");
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

HttpResponse ProblemResponse(http::status status, const std::string& detail,
                             const std::string& path, const std::string& request_id, bool xml) {
  Problem problem;
  problem.status = status;
  problem.detail = detail;
  return Finish(RenderProblem(problem, path, xml), request_id);
}

// Whether problems go as XML: what the client's Accept prefers.
bool ProblemsAsXml(const HttpRequest& request) {
  return Negotiate(Header(request, "Accept"), false).xml;
}

HttpResponse BodyResponse(http::status status, std::string body,
                          const char* media_type = "application/json") {
  HttpResponse response(status, 11);
  response.set(http::field::content_type, absl::StrCat(media_type, "; charset=utf-8"));
  response.body() = std::move(body);
  return response;
}

std::vector<std::pair<std::string, std::string>> Metadata(const HttpRequest& request,
                                                          const std::string& request_id,
                                                          const RequestHandler::Options& options) {
  std::vector<std::pair<std::string, std::string>> metadata;
  for (const ForwardedHeader& header : options.forwarded_headers) {
    if (std::string value = Header(request, header.name.c_str()); !value.empty()) {
      metadata.emplace_back(header.key, std::move(value));
    }
  }
  metadata.emplace_back(wire::kRequestId, request_id);
  if (std::string type = MediaType(Header(request, "Content-Type")); !type.empty()) {
    metadata.emplace_back(wire::kHttpContentType, std::move(type));
  }
  return metadata;
}

// The headers the backend asks an answer to carry (wire::kResponseHeaders), errors included;
// a repeated one (two WWW-Authenticate challenges) as repeated fields.
void CopyResponseHeaders(const std::multimap<std::string, std::string>& metadata,
                         HttpResponse& response) {
  for (const char* key : wire::kResponseHeaders) {
    auto [first, last] = metadata.equal_range(key);
    for (auto it = first; it != last; ++it) response.insert(key, it->second);
  }
}

// 200, or the backend's x-http-status override (e.g. 201 on create).
http::status SuccessStatus(const std::multimap<std::string, std::string>& metadata) {
  unsigned code = 0;
  auto it = metadata.find(wire::kHttpStatus);
  if (it != metadata.end() && absl::SimpleAtoi(it->second, &code) && code >= 200 && code < 300) {
    return static_cast<http::status>(code);
  }
  return http::status::ok;
}

}  // namespace

RequestHandler::RequestHandler(const protojson::ApiSchema& schema, const RouteTable& routes,
                               GrpcBackend& backend, Options options)
    : routes_(routes),
      builder_(schema, options.json_limits),
      renderer_(schema),
      backend_(backend),
      options_(std::move(options)),
      openapi_(OpenApiDocument(routes, "v1")
                   .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) {}

HttpResponse RequestHandler::Rejected(const HttpRequest& request, http::status status,
                                      const std::string& detail) {
  return ProblemResponse(status, detail, PathOf(request), RequestId(request),
                         ProblemsAsXml(request));
}

void RequestHandler::Handle(HttpRequest request, Respond respond) {
  const std::string request_id = RequestId(request);
  const std::string path = PathOf(request);
  const bool xml = ProblemsAsXml(request);
  auto fail = [&](http::status status, const std::string& detail) {
    respond(ProblemResponse(status, detail, path, request_id, xml));
  };
  const std::string method(request.method_string());
  const bool get = method == "GET" || method == "HEAD";
  if (get && path == "/healthz") {
    return respond(Finish(BodyResponse(http::status::ok, R"({"status":"ok"})"), request_id));
  }
  if (get && path == "/openapi.json") {
    return respond(Finish(BodyResponse(http::status::ok, openapi_), request_id));
  }
  if (get && (path == "/docs" || absl::StartsWith(path, "/docs/"))) {
    std::optional<HttpResponse> page =
        options_.docs ? options_.docs->Answer(path) : std::optional<HttpResponse>();
    if (!page) {
      return fail(http::status::not_found,
                  options_.docs ? "No such file of the reference page."
                                : "The reference page is not installed (see --docs-dir).");
    }
    return respond(Finish(*std::move(page), request_id));
  }
  if (get && path == "/readyz") {
    return backend_.CheckHealth([respond, request_id](GrpcBackend::Health health) {
      nlohmann::json body = {{"status", health.serving ? "ready" : "backend not serving"}};
      if (health.authentication_off) {
        body["authentication"] = "off";
        body["warning"] =
            "the server runs with --insecure-no-auth: every call is admitted without a "
            "credential; never expose it or give it real data";
      }
      respond(
          Finish(BodyResponse(health.serving ? http::status::ok : http::status::service_unavailable,
                              body.dump()),
                 request_id));
    });
  }
  RouteTable::Lookup lookup = routes_.Find(method, path);
  if (!lookup.match) {
    if (lookup.allowed_methods.empty())
      return fail(http::status::not_found, "No route for " + path + ".");
    Problem problem;
    problem.status = http::status::method_not_allowed;
    problem.detail = method + " is not allowed on " + path + ".";
    problem.headers.emplace_back(http::field::allow, absl::StrJoin(lookup.allowed_methods, ", "));
    return respond(Finish(RenderProblem(problem, path, xml), request_id));
  }
  const Route& route = *lookup.match->route;
  const Negotiated negotiated =
      Negotiate(Header(request, "Accept"), route.method->server_streaming());
  if (!negotiated.acceptable) {
    return fail(http::status::not_acceptable,
                "Responses are available as application/json, text/json, application/xml or "
                "text/xml.");
  }
  BodyFormat format = BodyFormat::kJson;
  if (!request.body().empty()) {
    std::optional<BodyFormat> sent = RequestBodyFormat(Header(request, "Content-Type"));
    if (!sent) {
      return fail(http::status::unsupported_media_type,
                  "Send the body in UTF-8 as application/json, text/json, application/xml, "
                  "text/xml, application/x-www-form-urlencoded, application/json-patch+json or "
                  "application/merge-patch+json.");
    }
    if (*sent != BodyFormat::kJson && BodyMessageType(route) == nullptr) {
      return fail(http::status::unsupported_media_type,
                  "This body is JSON only: send it as application/json-patch+json or "
                  "application/merge-patch+json (a JSON Patch has no XML or form encoding).");
    }
    format = *sent;
  }
  if (const char* header = UnforwardableHeader(request, options_.forwarded_headers)) {
    return fail(http::status::bad_request,
                absl::StrCat("The ", header, " header may hold printable ASCII only."));
  }
  std::optional<std::string> idempotency_key;
  if (std::optional<Problem> refused = ReadIdempotencyKey(route, request, idempotency_key)) {
    return respond(Finish(RenderProblem(*refused, path, xml), request_id));
  }
  std::string serialized;
  absl::Status built = builder_.Build(*lookup.match, QueryOf(request), request.body(), format,
                                      idempotency_key, &serialized);
  if (!built.ok())
    return respond(Finish(RenderProblem(ProblemFromStatus(built), path, xml), request_id));
  CallBackend(*lookup.match, request, negotiated,
              PreferencesOf(Header(request, "Accept-Language"), Header(request, "SO-Language"),
                            Header(request, "SO-TimeZone")),
              std::move(serialized), request_id, path, std::move(respond));
}

void RequestHandler::CallBackend(const RouteMatch& match, const HttpRequest& request,
                                 const Negotiated& negotiated, RenderPreferences prefs,
                                 std::string serialized, std::string request_id, std::string path,
                                 Respond respond) {
  const Route* route = match.route;
  GrpcBackend::Call call{route->grpc_method, std::move(serialized),
                         Metadata(request, request_id, options_)};
  const bool key_in_header = request.count(kIdempotencyKeyHeader) > 0;
  if (route->method->server_streaming()) {
    return CallStreaming(*route, std::move(call), negotiated, std::move(prefs),
                         std::move(request_id), std::move(path), std::move(respond));
  }
  backend_.Unary(std::move(call), [this, route, request_id, path, negotiated, key_in_header,
                                   prefs = std::move(prefs),
                                   respond = std::move(respond)](GrpcBackend::Result result) {
    if (!result.status.ok()) {
      Problem refused = ProblemFromStatus(result.status);
      if (key_in_header) NameTheHeader(*route, refused);
      HttpResponse problem = RenderProblem(refused, path, negotiated.xml);
      CopyResponseHeaders(result.metadata, problem);
      return respond(Finish(std::move(problem), request_id));
    }
    HttpResponse response(http::status::no_content, 11);
    if (!route->returns_empty) {
      ResponseRenderer::Rendered rendered;
      if (absl::Status s =
              renderer_.Render(*route, result.response, negotiated.xml, prefs, &rendered);
          !s.ok()) {
        return respond(
            Finish(RenderProblem(ProblemFromStatus(s), path, negotiated.xml), request_id));
      }
      response = BodyResponse(SuccessStatus(result.metadata), std::move(rendered.body),
                              negotiated.media_type);
      if (!rendered.content_language.empty()) {
        response.set(http::field::content_language, rendered.content_language);
      }
    }
    if (auto it = result.metadata.find(wire::kEtag); it != result.metadata.end()) {
      response.set(http::field::etag, it->second);
    }
    if (auto it = result.metadata.find(wire::kLocation); it != result.metadata.end()) {
      response.set(http::field::location, it->second);
    }
    CopyResponseHeaders(result.metadata, response);
    respond(Finish(std::move(response), request_id));
  });
}

void RequestHandler::CallStreaming(const Route& route, GrpcBackend::Call call,
                                   const Negotiated& negotiated, RenderPreferences prefs,
                                   std::string request_id, std::string path, Respond respond) {
  backend_.ServerStreaming(
      std::move(call), kMaxStreamedBytes,
      [this, &route, negotiated, request_id, path, prefs = std::move(prefs),
       respond = std::move(respond)](GrpcBackend::Result result) {
        if (!result.status.ok()) {
          HttpResponse problem =
              RenderProblem(ProblemFromStatus(result.status), path, negotiated.xml);
          CopyResponseHeaders(result.metadata, problem);
          return respond(Finish(std::move(problem), request_id));
        }
        const bool ndjson = std::string_view(negotiated.media_type) == kNdjson;
        std::string body;
        if (absl::Status rendered = renderer_.RenderStream(route, result.responses, ndjson,
                                                           negotiated.xml, prefs, &body);
            !rendered.ok()) {
          return respond(
              Finish(RenderProblem(ProblemFromStatus(rendered), path, negotiated.xml), request_id));
        }
        HttpResponse response =
            BodyResponse(http::status::ok, std::move(body), negotiated.media_type);
        CopyResponseHeaders(result.metadata, response);
        respond(Finish(std::move(response), request_id));
      });
}

}  // namespace consent::gateway
