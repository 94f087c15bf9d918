#include "gateway/route_table.h"

#include <algorithm>

#include <google/api/annotations.pb.h>

#include "lib/wire/request_id.h"

namespace consent::gateway {
namespace {

using google::api::HttpRule;
using google::protobuf::MethodDescriptor;

// (method, path) of a rule, whichever pattern it sets.
std::pair<std::string, std::string> Pattern(const HttpRule& rule) {
  switch (rule.pattern_case()) {
    case HttpRule::kGet:
      return {"GET", rule.get()};
    case HttpRule::kPut:
      return {"PUT", rule.put()};
    case HttpRule::kPost:
      return {"POST", rule.post()};
    case HttpRule::kDelete:
      return {"DELETE", rule.delete_()};
    case HttpRule::kPatch:
      return {"PATCH", rule.patch()};
    case HttpRule::kCustom:
      return {rule.custom().kind(), rule.custom().path()};
    case HttpRule::PATTERN_NOT_SET:
      break;
  }
  return {"", ""};
}

absl::StatusOr<Route> MakeRoute(const MethodDescriptor* method, const HttpRule& rule) {
  auto [http_method, path] = Pattern(rule);
  const std::string where = method->full_name() + ": ";
  if (http_method.empty()) return absl::InvalidArgumentError(where + "http rule without a pattern");
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(path);
  if (!parsed.ok())
    return absl::InvalidArgumentError(where + std::string(parsed.status().message()));
  Route route;
  route.http_method = http_method;
  route.path = *std::move(parsed);
  route.method = method;
  route.grpc_method = "/" + method->service()->full_name() + "/" + method->name();
  route.returns_empty = method->output_type()->full_name() == "google.protobuf.Empty";
  const google::protobuf::FieldDescriptor* key =
      method->input_type()->FindFieldByName(wire::kIdempotencyKeyField);
  if (key != nullptr && key->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
      !key->is_repeated()) {
    route.idempotency_key = key;
  }
  for (const std::string& variable : route.path.variable_paths()) {
    if (absl::StatusOr<FieldPath> field = ResolveFieldPath(method->input_type(), variable);
        !field.ok()) {
      return absl::InvalidArgumentError(where + std::string(field.status().message()));
    }
  }
  if (rule.body() == "*") {
    route.body = Route::Body::kWhole;
  } else if (!rule.body().empty()) {
    absl::StatusOr<FieldPath> field = ResolveFieldPath(method->input_type(), rule.body());
    if (!field.ok())
      return absl::InvalidArgumentError(where + std::string(field.status().message()));
    route.body = Route::Body::kField;
    route.body_field = *std::move(field);
  }
  if (!rule.response_body().empty()) {
    absl::StatusOr<FieldPath> field = ResolveFieldPath(method->output_type(), rule.response_body());
    if (!field.ok())
      return absl::InvalidArgumentError(where + std::string(field.status().message()));
    route.response_field = *std::move(field);
  }
  return route;
}

}  // namespace

absl::StatusOr<RouteTable> RouteTable::Build(const protojson::ApiSchema& schema) {
  RouteTable table;
  for (const google::protobuf::FileDescriptor* file : schema.files()) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const MethodDescriptor* method = service->method(m);
        if (!method->options().HasExtension(google::api::http)) continue;
        const HttpRule& rule = method->options().GetExtension(google::api::http);
        std::vector<const HttpRule*> rules = {&rule};
        for (const HttpRule& extra : rule.additional_bindings()) rules.push_back(&extra);
        for (const HttpRule* each : rules) {
          absl::StatusOr<Route> route = MakeRoute(method, *each);
          if (!route.ok()) return route.status();
          table.routes_.push_back(*std::move(route));
        }
      }
    }
  }
  return table;
}

RouteTable::Lookup RouteTable::Find(const std::string& http_method, const std::string& path) const {
  Lookup lookup;
  const std::optional<std::vector<absl::string_view>> parts = SplitPath(path);
  if (!parts) return lookup;
  // HEAD is GET without the body (RFC 9110 9.3.2); the HTTP server drops the body.
  static const std::string kGet = "GET";
  const std::string& wanted = http_method == "HEAD" ? kGet : http_method;
  for (const Route& route : routes_) {
    std::optional<std::vector<PathBinding>> bindings = route.path.Match(*parts);
    if (!bindings) continue;
    if (route.http_method != wanted) {
      if (std::find(lookup.allowed_methods.begin(), lookup.allowed_methods.end(),
                    route.http_method) == lookup.allowed_methods.end()) {
        lookup.allowed_methods.push_back(route.http_method);
      }
      continue;
    }
    if (!lookup.match || route.path.literal_count() > lookup.match->route->path.literal_count()) {
      lookup.match = RouteMatch{&route, *std::move(bindings)};
    }
  }
  auto get = std::find(lookup.allowed_methods.begin(), lookup.allowed_methods.end(), kGet);
  if (get != lookup.allowed_methods.end()) lookup.allowed_methods.insert(get + 1, "HEAD");
  return lookup;
}

}  // namespace consent::gateway
