#include "gateway/openapi_document.h"

#include <map>
#include <set>

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_replace.h>

#include "gateway/request_builder.h"
#include "lib/protojson/unset_enum.h"
#include "proto/consent/v1/access.pb.h"
#include "proto/consent/v1/rest.pb.h"

namespace consent::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using nlohmann::ordered_json;

constexpr char kProblem[] = "#/components/schemas/Problem";

std::string Ref(const Descriptor* type) {
  return absl::StrCat("#/components/schemas/", type->full_name());
}

ordered_json Nullable(ordered_json schema) {
  return {{"anyOf", {std::move(schema), {{"type", "null"}}}}};
}

// Schemas of the messages a document refers to, each written once under components.
class Schemas {
 public:
  // The schema of a value of `field` (its items' for a list: see FieldSchema).
  ordered_json Single(const FieldDescriptor* field) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::CPPTYPE_UINT32:
        return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT64:  // the JSON mapping writes them as strings
        return {{"type", "string"}, {"format", "int64"}, {"pattern", "^-?[0-9]+$"}};
      case FieldDescriptor::CPPTYPE_FLOAT:
        return {{"type", "number"}, {"format", "float"}};
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return {{"type", "number"}, {"format", "double"}};
      case FieldDescriptor::CPPTYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::CPPTYPE_STRING:
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          return {{"type", "string"}, {"contentEncoding", "base64"}};
        }
        return {{"type", "string"}};
      case FieldDescriptor::CPPTYPE_ENUM: {
        ordered_json names = ordered_json::array();
        for (int i = 0; i < field->enum_type()->value_count(); ++i) {
          const google::protobuf::EnumValueDescriptor& value = *field->enum_type()->value(i);
          if (!protojson::IsUnsetEnumValue(value)) names.push_back(value.name());
        }
        names.push_back(nullptr);  // unset reads as null
        return {{"type", {"string", "null"}}, {"enum", names}};
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Message(field->message_type());
    }
    return ordered_json::object();
  }

  ordered_json FieldSchema(const FieldDescriptor* field) {
    ordered_json schema;
    if (field->is_map()) {
      schema = {{"type", "object"},
                {"additionalProperties", Single(field->message_type()->map_value())}};
    } else if (field->is_repeated()) {
      schema = {{"type", "array"}, {"items", Single(field)}};
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
               field->message_type()->well_known_type() != Descriptor::WELLKNOWNTYPE_VALUE) {
      schema = Nullable(Single(field));  // an unset message reads as null
    } else {
      schema = Single(field);
    }
    if (field->options().GetExtension(v1::read_only)) schema["readOnly"] = true;
    return schema;
  }

  // A $ref to the message's schema, or the JSON mapping's form of a well-known type.
  ordered_json Message(const Descriptor* type) {
    switch (type->well_known_type()) {
      case Descriptor::WELLKNOWNTYPE_TIMESTAMP:
        return {{"type", "string"}, {"format", "date-time"}};
      case Descriptor::WELLKNOWNTYPE_DURATION:
        return {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?s$"}};
      case Descriptor::WELLKNOWNTYPE_FIELDMASK:
        return {{"type", "string"}};
      case Descriptor::WELLKNOWNTYPE_STRUCT:
        return {{"type", "object"}};
      case Descriptor::WELLKNOWNTYPE_VALUE:
        return ordered_json::object();  // any JSON value
      case Descriptor::WELLKNOWNTYPE_LISTVALUE:
        return {{"type", "array"}};
      case Descriptor::WELLKNOWNTYPE_UNSPECIFIED:
        break;
      default:  // the wrappers: their value, or null
        return Nullable(Single(type->field(0)));
    }
    if (!written_.count(type->full_name())) {
      written_[type->full_name()] = nullptr;  // a recursive type refers to itself
      ordered_json properties = ordered_json::object();
      for (int i = 0; i < type->field_count(); ++i) {
        properties[type->field(i)->json_name()] = FieldSchema(type->field(i));
      }
      written_[type->full_name()] = {{"type", "object"},
                                     {"properties", std::move(properties)},
                                     {"additionalProperties", false}};
    }
    return {{"$ref", Ref(type)}};
  }

  ordered_json components() const {
    ordered_json out = ordered_json::object();
    for (const auto& [name, schema] : written_) out[name] = schema;
    return out;
  }

 private:
  std::map<std::string, ordered_json> written_;
};

ordered_json ProblemSchema() {
  return {{"type", "object"},
          {"description", "RFC 9457 problem details (application/problem+xml: Appendix B)"},
          {"properties",
           {{"type", {{"type", "string"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"detail", {{"type", "string"}}},
            {"instance", {{"type", "string"}}},
            {"errors",
             {{"type", "object"},
              {"description", "422: each JSON property path and its messages"},
              {"additionalProperties", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}},
          {"required", {"type", "title", "status", "detail", "instance"}}};
}

ordered_json Content(const ordered_json& schema, const std::vector<const char*>& types) {
  ordered_json content = ordered_json::object();
  for (const char* type : types) content[type] = {{"schema", schema}};
  return content;
}

ordered_json ProblemResponse(const std::string& description) {
  return {{"description", description},
          {"content",
           Content({{"$ref", kProblem}}, {"application/problem+json", "application/problem+xml"})}};
}

const std::vector<const char*> kAnswerTypes = {"application/json", "text/json", "application/xml",
                                               "text/xml"};

// Fields a path variable or the body binds, by top-level name.
std::set<std::string> Bound(const Route& route) {
  std::set<std::string> bound;
  for (const std::string& variable : route.path.variable_paths()) {
    bound.insert(variable.substr(0, variable.find('.')));
  }
  if (route.body == Route::Body::kField) bound.insert(route.body_field.front()->name());
  return bound;
}

ordered_json ParameterSchema(Schemas& schemas, const FieldDescriptor* field) {
  if (!field->is_repeated()) return schemas.Single(field);
  return {{"type", "array"}, {"items", schemas.Single(field)}};
}

ordered_json Parameters(const Route& route, Schemas& schemas) {
  ordered_json parameters = ordered_json::array();
  const Descriptor* input = route.method->input_type();
  for (const std::string& variable : route.path.variable_paths()) {
    const FieldDescriptor* field = input->FindFieldByName(variable.substr(0, variable.find('.')));
    ordered_json schema = {{"type", "string"}};
    if (field != nullptr && variable.find('.') == std::string::npos) {
      schema = schemas.Single(field);
    }
    parameters.push_back(
        {{"name", variable}, {"in", "path"}, {"required", true}, {"schema", schema}});
  }
  if (route.body != Route::Body::kWhole) {
    const std::set<std::string> bound = Bound(route);
    for (int i = 0; i < input->field_count(); ++i) {
      const FieldDescriptor* field = input->field(i);
      if (bound.count(field->name()) || field == route.idempotency_key ||
          field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        continue;
      }
      parameters.push_back({{"name", field->json_name()},
                            {"in", "query"},
                            {"required", false},
                            {"schema", ParameterSchema(schemas, field)},
                            {"explode", true}});
    }
  }
  if (!route.method->options().GetExtension(v1::access).public_()) {
    parameters.push_back({{"name", "Customer-Id"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "the tenant (default: the credential's)"},
                          {"schema", {{"type", "string"}}}});
  }
  if (route.idempotency_key != nullptr) {
    parameters.push_back({{"name", "Idempotency-Key"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "retries with the same key write once"},
                          {"schema", {{"type", "string"}, {"maxLength", 255}}}});
  }
  if (route.http_method == "PUT" || route.http_method == "PATCH" || route.http_method == "DELETE") {
    parameters.push_back({{"name", "If-Match"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "an ETag the resource must still have (else 412)"},
                          {"schema", {{"type", "string"}}}});
  }
  return parameters;
}

ordered_json RequestBody(const Route& route, Schemas& schemas) {
  ordered_json schema;
  if (route.body == Route::Body::kWhole) {
    schema = schemas.Message(route.method->input_type());
  } else {
    schema = schemas.FieldSchema(route.body_field.back());
  }
  std::vector<const char*> types = {"application/json", "text/json"};
  if (BodyMessageType(route) != nullptr) {
    types.insert(types.end(), {"application/xml", "text/xml", "application/x-www-form-urlencoded"});
  } else {  // a JSON Patch or merge patch
    types = {"application/json-patch+json", "application/merge-patch+json", "application/json"};
  }
  return {{"required", true}, {"content", Content(schema, types)}};
}

ordered_json Responses(const Route& route, Schemas& schemas) {
  const MethodDescriptor* method = route.method;
  ordered_json responses = ordered_json::object();
  ordered_json headers = {
      {"ETag",
       {{"description", "the resource's version, for If-Match"}, {"schema", {{"type", "string"}}}}},
      {"X-Request-Id", {{"schema", {{"type", "string"}}}}}};
  if (route.returns_empty) {
    responses["204"] = {{"description", "done"}, {"headers", headers}};
  } else {
    const int status = method->options().GetExtension(v1::rest_status);
    ordered_json ok = {{"description", status == 201 ? "created" : "OK"}};
    if (status == 201) {
      headers["Location"] = {{"description", "the created resource"},
                             {"schema", {{"type", "string"}}}};
    }
    ordered_json schema = schemas.Message(method->output_type());
    if (method->server_streaming()) {
      ok["content"] = Content({{"type", "array"}, {"items", schema}}, kAnswerTypes);
      ok["content"]["application/x-ndjson"] = {{"schema", schema}};
    } else {
      ok["content"] = Content(schema, kAnswerTypes);
    }
    ok["headers"] = headers;
    responses[std::to_string(status == 0 ? 200 : status)] = ok;
  }
  const v1::Access& access = method->options().GetExtension(v1::access);
  responses["400"] = ProblemResponse("malformed request");
  if (!access.public_()) {
    responses["401"] = ProblemResponse("no or a bad credential");
    responses["403"] = ProblemResponse("the credential lacks the scope or the tenant");
  }
  responses["404"] = ProblemResponse("no such resource");
  if (route.body != Route::Body::kNone) {
    responses["413"] = ProblemResponse("the body is too large");
    responses["415"] = ProblemResponse("a media type this body cannot come in");
    responses["422"] = ProblemResponse("invalid fields, each named in errors");
  }
  if (route.http_method != "GET") {
    responses["409"] = ProblemResponse("a conflict with the current state");
    responses["412"] = ProblemResponse("If-Match does not match");
  }
  responses["406"] = ProblemResponse("no acceptable representation");
  responses["429"] = ProblemResponse("over the tenant's quota: see Retry-After");
  responses["default"] = ProblemResponse("a server or backend error (500, 503, 504)");
  return responses;
}

ordered_json Operation(const Route& route, Schemas& schemas, std::set<std::string>& ids) {
  const MethodDescriptor* method = route.method;
  std::string id = absl::StrCat(method->service()->name(), "_", method->name());
  for (int n = 2; ids.count(id); ++n) {  // an additional binding
    id = absl::StrCat(method->service()->name(), "_", method->name(), "_", n);
  }
  ids.insert(id);
  ordered_json operation = {{"operationId", id},
                            {"summary", method->name()},
                            {"tags", {method->service()->name()}},
                            {"description", absl::StrCat("gRPC ", method->full_name())}};
  ordered_json parameters = Parameters(route, schemas);
  if (!parameters.empty()) operation["parameters"] = parameters;
  if (route.body != Route::Body::kNone) operation["requestBody"] = RequestBody(route, schemas);
  operation["responses"] = Responses(route, schemas);
  const v1::Access& access = method->options().GetExtension(v1::access);
  if (access.public_()) {
    operation["security"] = ordered_json::array();
  } else {
    operation["security"] = {{{"bearer", {access.scope()}}}, {{"basic", {access.scope()}}}};
    operation["x-scope"] = access.scope();
  }
  return operation;
}

ordered_json GatewayOperation(const std::string& path) {
  const std::string id =
      absl::StrCat("Gateway_", absl::StrReplaceAll(path.substr(1), {{".", "_"}, {"/", "_"}}));
  ordered_json ok = {{"description", "OK"}};
  if (path == "/docs") {
    ok["content"] = {{"text/html", {{"schema", {{"type", "string"}}}}}};
  } else {
    ok["content"] = {{"application/json", {{"schema", {{"type", "object"}}}}}};
  }
  ordered_json responses = {{"200", ok}};
  if (path == "/readyz") responses["503"] = {{"description", "the backend is not serving"}};
  if (path == "/docs") responses["404"] = {{"description", "not installed (--docs-dir)"}};
  return {{"operationId", id},
          {"summary", path},
          {"tags", {"Gateway"}},
          {"security", ordered_json::array()},
          {"responses", responses}};
}

}  // namespace

std::string OpenApiPath(const PathTemplate& path) {
  std::string out;
  bool in_variable = false, skipping = false;
  for (char c : path.text()) {
    if (c == '{') in_variable = true;
    if (in_variable && c == '=') skipping = true;
    if (c == '}') in_variable = skipping = false;
    if (!skipping) out += c;
  }
  return out;
}

ordered_json OpenApiDocument(const RouteTable& routes, const std::string& version) {
  Schemas schemas;
  std::set<std::string> ids;
  ordered_json paths = ordered_json::object();
  for (const Route& route : routes.routes()) {
    paths[OpenApiPath(route.path)][absl::AsciiStrToLower(route.http_method)] =
        Operation(route, schemas, ids);
  }
  for (const char* path : kGatewayRoutes) paths[path]["get"] = GatewayOperation(path);
  ordered_json components = {{"schemas", schemas.components()}};
  components["schemas"]["Problem"] = ProblemSchema();
  components["securitySchemes"] = {
      {"bearer",
       {{"type", "http"},
        {"scheme", "bearer"},
        {"bearerFormat", "JWT"},
        {"description", "a token from the identity provider; its scopes and tenant decide"}}},
      {"basic",
       {{"type", "http"},
        {"scheme", "basic"},
        {"description", "an API user (consentctl api-users create), with its scopes"}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Consent service"},
            {"version", version},
            {"description",
             "Generated at start-up from the gRPC descriptors (google.api.http, "
             "consent.v1.access). Bodies and answers in JSON or XML (docs/xml.md); errors are "
             "RFC 9457 problems. The tenant is the credential's, or Customer-Id."}}},
          {"paths", paths},
          {"components", components}};
}

}  // namespace consent::gateway
