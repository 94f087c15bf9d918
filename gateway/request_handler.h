#pragma once
// The transcoding HTTP handler: route lookup, content negotiation, the body (JSON, XML or a
// form) -> request message, header -> metadata, the backend call, and response message /
// status -> HTTP response (JSON or XML).
#include <optional>
#include <string>

#include "gateway/docs_page.h"
#include "gateway/forwarded_headers.h"
#include "gateway/grpc_backend.h"
#include "gateway/http_server.h"
#include "gateway/media_types.h"
#include "gateway/request_builder.h"
#include "gateway/response_renderer.h"
#include "gateway/route_table.h"

namespace consent::gateway {

class RequestHandler : public HttpHandler {
 public:
  struct Options {
    std::vector<ForwardedHeader> forwarded_headers;
    JsonLimits json_limits;
    std::optional<DocsPage> docs;  // GET /docs; none: 404
  };
  RequestHandler(const protojson::ApiSchema& schema, const RouteTable& routes, GrpcBackend& backend,
                 Options options);

  void Handle(HttpRequest request, Respond respond) override;
  HttpResponse Rejected(const HttpRequest& request, http::status status,
                        const std::string& detail) override;

 private:
  // `negotiated`: what the answer is (see Negotiate).
  void CallBackend(const RouteMatch& match, const HttpRequest& request,
                   const Negotiated& negotiated, RenderPreferences prefs, std::string serialized,
                   std::string request_id, std::string path, Respond respond);
  // A server-streaming method's messages as one JSON array, NDJSON lines or one XML
  // document.
  void CallStreaming(const Route& route, GrpcBackend::Call call, const Negotiated& negotiated,
                     RenderPreferences prefs, std::string request_id, std::string path,
                     Respond respond);

  const RouteTable& routes_;
  RequestBuilder builder_;
  ResponseRenderer renderer_;
  GrpcBackend& backend_;
  const Options options_;
  const std::string openapi_;  // GET /openapi.json, generated once
};

}  // namespace consent::gateway
