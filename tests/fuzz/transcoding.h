#pragma once
// The gateway's request transcoding as the fuzz targets drive it: the routes and the request
// builder of the API schema the gateway embeds, built once per process as the gateway builds
// them at start, and what the answer to a built request must be.
#include <cstddef>
#include <memory>
#include <string>

#include <absl/status/status.h>

#include "gateway/request_builder.h"
#include "gateway/route_table.h"
#include "lib/protojson/api_schema.h"

namespace consent::fuzz {

struct Transcoding {
  Transcoding(std::unique_ptr<protojson::ApiSchema> api, gateway::RouteTable table)
      : schema(std::move(api)), routes(std::move(table)), builder(*schema, gateway::JsonLimits{}) {}
  std::unique_ptr<protojson::ApiSchema> schema;
  gateway::RouteTable routes;
  gateway::RequestBuilder builder;
};

const Transcoding& TheTranscoding();

// Checks the outcome of builder.Build for `route` from `input_bytes` of the request (body,
// query, path): OK with a message that parses back as the route's input type, or a client
// mistake, INVALID_ARGUMENT, rendered as a 400 or 422 problem no larger than a few times the
// input (its details bounded).
void CheckBuilt(const gateway::Route& route, const absl::Status& status,
                const std::string& serialized, size_t input_bytes);

}  // namespace consent::fuzz
