#pragma once
// The OpenAPI 3.1 document of the REST surface, generated at start-up from the route table
// and the descriptors (never hand-written: a new RPC appears without a gateway change):
// every route with its path and query parameters, request and response schemas by JSON
// name (enums as their names; int64 as strings, as the JSON mapping writes them), the
// media types each takes and gives (JSON, XML, forms; the patch types for a JSON Patch),
// 201/204 and the Location, ETag, Idempotency-Key and If-Match conventions, the problem
// schema for errors, and the security schemes with each operation's scope
// ((consent.v1.access)). Served at GET /openapi.json; GET /docs renders it.
#include <string>

#include <nlohmann/json.hpp>

#include "gateway/route_table.h"

namespace consent::gateway {

// The gateway's own GET routes, listed in the document too.
inline constexpr const char* kGatewayRoutes[] = {"/healthz", "/readyz", "/openapi.json", "/docs"};

nlohmann::ordered_json OpenApiDocument(const RouteTable& routes, const std::string& version);

// The OpenAPI form of a route's path template: "/v1/persons/{person_id}" as is,
// "/v1/{name=shelves/*}" as "/v1/{name}".
std::string OpenApiPath(const PathTemplate& path);

}  // namespace consent::gateway
