#pragma once
// Cross-origin resource sharing for browsers (web forms on a partner's site calling the
// REST API). For a request whose Origin is allowed, answers the preflight (OPTIONS with
// Access-Control-Request-Method on a known path) itself, and lets the page read every
// other answer, problems included. Other requests pass through untouched.
#include <string>
#include <vector>

#include "gateway/forwarded_headers.h"
#include "gateway/http_server.h"
#include "gateway/route_table.h"

namespace consent::gateway {

class CorsHandler : public HttpHandler {
 public:
  // `origins`: exact origins ("https://forms.example.com") or "*" for any; empty turns
  // CORS off.
  // `forwarded_headers`: what a page may send beyond the safelisted headers.
  CorsHandler(HttpHandler& inner, const RouteTable& routes, std::vector<std::string> origins,
              const std::vector<ForwardedHeader>& forwarded_headers);

  void Handle(HttpRequest request, Respond respond) override;
  HttpResponse Rejected(const HttpRequest& request, http::status status,
                        const std::string& detail) override;

 private:
  bool Allowed(const std::string& origin) const;
  // Access-Control-Allow-Origin etc. when `origin` is allowed; Vary: Origin regardless.
  void Decorate(const std::string& origin, HttpResponse& response) const;

  HttpHandler& inner_;
  const RouteTable& routes_;
  const std::vector<std::string> origins_;
  const std::string allowed_request_headers_;
};

// "https://a.example, http://localhost:3000" or "*" -> the list; error naming a bad entry
// (an origin is scheme://host[:port], nothing after).
absl::StatusOr<std::vector<std::string>> ParseCorsOrigins(const std::string& value);

}  // namespace consent::gateway
