#include "gateway/observed_handler.h"

#include <chrono>

#include "lib/observability/json_log.h"

namespace consent::gateway {

ObservedHandler::ObservedHandler(HttpHandler& inner, const RouteTable& routes,
                                 observability::Metrics& metrics)
    : inner_(inner), routes_(routes), metrics_(metrics) {
  metrics_.Describe("consent_http_requests_total", "counter",
                    "HTTP requests by method, route template and status");
  metrics_.Describe("consent_http_request_duration_seconds", "histogram",
                    "HTTP request latency by method, route template and status");
}

void ObservedHandler::Handle(HttpRequest request, Respond respond) {
  const auto start = std::chrono::steady_clock::now();
  std::string method(request.method_string());
  std::string target(request.target());
  std::string path = target.substr(0, target.find('?'));
  auto lookup = routes_.Find(method, path);
  // The template, not the path, keeps the label set small; other paths share one label.
  std::string route = lookup.match ? lookup.match->route->path.text() : "unmatched";
  std::string tenant(request["Customer-Id"]);
  inner_.Handle(std::move(request), [this, start, method, route, tenant,
                                     respond = std::move(respond)](HttpResponse response) {
    Record(method, route, tenant,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
           response);
    respond(std::move(response));
  });
}

HttpResponse ObservedHandler::Rejected(const HttpRequest& request, http::status status,
                                       const std::string& detail) {
  HttpResponse response = inner_.Rejected(request, status, detail);
  Record(std::string(request.method_string()), "unread", std::string(request["Customer-Id"]), 0,
         response);
  return response;
}

void ObservedHandler::Record(const std::string& method, const std::string& route,
                             const std::string& tenant, double seconds,
                             const HttpResponse& response) {
  std::string status = std::to_string(response.result_int());
  metrics_.ObserveRequest("consent_http_requests_total", "consent_http_request_duration_seconds",
                          {{"method", method}, {"route", route}, {"code", status}}, seconds);
  observability::LogLine("info", "http")
      .Add("method", method)
      .Add("route", route)
      .Add("status", static_cast<long long>(response.result_int()))
      .Add("latency_ms", seconds * 1000)
      .Add("request_id", std::string(response["X-Request-Id"]))
      .Add("tenant", tenant)
      .Write();
}

}  // namespace consent::gateway
