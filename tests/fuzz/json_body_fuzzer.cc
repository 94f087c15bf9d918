// Fuzzes the gateway's body checkers as the gateway runs them: RequestBuilder::Build of a
// route that takes a body, JSON (gateway/json_body.cc over lib/protojson), XML
// (lib/protoxml) or a form (gateway/form_body.cc). The input's first line names the route
// ("POST /v1/persons", a method and its template as route_table.h builds them; a line
// naming none picks one by its hash), after "xml " or "form " for those formats; the rest
// is the body.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/transcoding.h"

namespace consent::fuzz {
namespace {

const std::vector<const gateway::Route*>& BodyRoutes() {
  static const std::vector<const gateway::Route*>* const routes = [] {
    auto* with_body = new std::vector<const gateway::Route*>;
    for (const gateway::Route& route : TheTranscoding().routes.routes()) {
      if (route.body != gateway::Route::Body::kNone) with_body->push_back(&route);
    }
    FUZZ_CHECK(!with_body->empty(), "the API has routes that take a body");
    return with_body;
  }();
  return *routes;
}

const gateway::Route& RouteNamed(std::string_view line) {
  for (const gateway::Route* route : BodyRoutes()) {
    if (line == route->http_method + " " + route->path.text()) return *route;
  }
  return *BodyRoutes()[std::hash<std::string_view>()(line) % BodyRoutes().size()];
}

}  // namespace
}  // namespace consent::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace consent::fuzz;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  std::string_view line = input.substr(0, newline);
  consent::gateway::BodyFormat format = consent::gateway::BodyFormat::kJson;
  if (line.substr(0, 4) == "xml ") {
    format = consent::gateway::BodyFormat::kXml;
    line.remove_prefix(4);
  } else if (line.substr(0, 5) == "form ") {
    format = consent::gateway::BodyFormat::kForm;
    line.remove_prefix(5);
  }
  const std::string body(newline == std::string_view::npos ? "" : input.substr(newline + 1));
  const consent::gateway::Route& route = RouteNamed(line);
  std::string serialized;
  const absl::Status status =
      TheTranscoding().builder.Build({&route, {}}, "", body, format, std::nullopt, &serialized);
  CheckBuilt(route, status, serialized, body.size());
  return 0;
}
