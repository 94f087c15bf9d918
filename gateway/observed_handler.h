#pragma once
// Wraps the request handler: for every request, one JSON log line (method, route template,
// status, latency, request id, tenant; never bodies) and the Prometheus request counter and
// latency histogram by method, route and status.
#include "gateway/http_server.h"
#include "gateway/route_table.h"
#include "lib/observability/metrics.h"

namespace consent::gateway {

class ObservedHandler : public HttpHandler {
 public:
  ObservedHandler(HttpHandler& inner, const RouteTable& routes, observability::Metrics& metrics);
  void Handle(HttpRequest request, Respond respond) override;
  HttpResponse Rejected(const HttpRequest& request, http::status status,
                        const std::string& detail) override;

 private:
  void Record(const std::string& method, const std::string& route, const std::string& tenant,
              double seconds, const HttpResponse& response);

  HttpHandler& inner_;
  const RouteTable& routes_;
  observability::Metrics& metrics_;
};

}  // namespace consent::gateway
