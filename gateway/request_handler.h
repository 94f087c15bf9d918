#pragma once
// The transcoding HTTP handler: route lookup, content negotiation, JSON -> request message,
// header -> metadata, the backend call, and response message / status -> HTTP response.
#include <string>

#include "grpc_backend.h"
#include "http_server.h"
#include "request_builder.h"
#include "response_renderer.h"
#include "route_table.h"

namespace consent::gateway {

class RequestHandler : public HttpHandler {
 public:
  // `default_customer_id` stands in for a missing Customer-Id header (empty: none).
  RequestHandler(const ApiSchema& schema, const RouteTable& routes, GrpcBackend& backend,
                 std::string default_customer_id = "");

  void Handle(HttpRequest request, Respond respond) override;
  HttpResponse Rejected(const HttpRequest& request, http::status status,
                        const std::string& detail) override;

 private:
  // `media_type`: what the answer's Content-Type names (see NegotiateJson).
  void CallBackend(const RouteMatch& match, const HttpRequest& request, const char* media_type,
                   std::string serialized, std::string request_id, std::string path,
                   Respond respond);

  const RouteTable& routes_;
  RequestBuilder builder_;
  ResponseRenderer renderer_;
  GrpcBackend& backend_;
  const std::string default_customer_id_;
};

}  // namespace consent::gateway
