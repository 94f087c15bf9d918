#include "gateway/request_builder.h"

#include <nlohmann/json.hpp>

#include "gateway/form_body.h"
#include "gateway/json_body.h"
#include "gateway/path_template.h"
#include "lib/protoxml/xml_options.h"
#include "lib/protoxml/xml_reader.h"

namespace consent::gateway {
namespace {

using google::protobuf::Message;

absl::Status InvalidArgument(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

// The body as JSON: as sent, or read from XML or a form as the `type` message.
absl::StatusOr<std::string> BodyJson(const std::string& body, BodyFormat format,
                                     const google::protobuf::Descriptor* type,
                                     const JsonLimits& limits) {
  switch (format) {
    case BodyFormat::kXml:
      return protoxml::XmlToJson(body, type, {limits.max_depth});
    case BodyFormat::kForm:
      return FormToJson(body, type, limits.max_depth, limits.max_array_elements);
    case BodyFormat::kJson:
      break;
  }
  return body;
}

absl::Status ParseBody(const Route& route, const std::string& body, BodyFormat format,
                       const JsonLimits& limits, Message& request) {
  if (route.body == Route::Body::kWhole) {
    auto json = BodyJson(body, format, request.GetDescriptor(), limits);
    if (!json.ok()) return json.status();
    return ParseJsonInto(*json, request, limits);
  }
  const google::protobuf::FieldDescriptor* leaf = route.body_field.back();
  if (leaf->message_type() != nullptr && !leaf->is_repeated()) {
    Message* target = MutableMessageAt(request, route.body_field);
    auto json = BodyJson(body, format, target->GetDescriptor(), limits);
    if (!json.ok()) return json.status();
    return ParseJsonInto(*json, *target, limits);
  }
  // A scalar or repeated body field (JSON only: BodyMessageType is null): parse
  // {"<field>": body} into its parent.
  Message* parent =
      MutableMessageAt(request, FieldPath(route.body_field.begin(), route.body_field.end() - 1));
  std::unique_ptr<Message> wrapper(parent->New());
  absl::Status status = ParseJsonInto(
      "{" + nlohmann::json(leaf->json_name()).dump() + ":" + body + "}", *wrapper, limits);
  if (status.ok()) parent->MergeFrom(*wrapper);
  return status;
}

absl::Status BindQuery(const std::string& query, Message& request) {
  auto pairs = DecodeFormPairs(query);
  if (!pairs) return InvalidArgument("malformed query string");
  for (const auto& [name, value] : *pairs) {
    absl::StatusOr<FieldPath> field = ResolveFieldPath(request.GetDescriptor(), name);
    if (!field.ok()) return InvalidArgument("unknown query parameter \"" + name + "\"");
    if (absl::Status status = SetFieldFromText(request, *field, value); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status BindIdempotencyKey(const Route& route, const std::optional<std::string>& key,
                                Message& request) {
  if (!key || route.idempotency_key == nullptr) return absl::OkStatus();
  const google::protobuf::Reflection* reflection = request.GetReflection();
  const std::string bound = reflection->GetString(request, route.idempotency_key);
  if (!bound.empty() && bound != *key) {
    return InvalidArgument("the Idempotency-Key header and " + route.idempotency_key->json_name() +
                           " name different keys");
  }
  reflection->SetString(&request, route.idempotency_key, *key);
  return absl::OkStatus();
}

}  // namespace

const google::protobuf::Descriptor* BodyMessageType(const Route& route) {
  const google::protobuf::Descriptor* type = nullptr;
  if (route.body == Route::Body::kWhole) type = route.method->input_type();
  if (route.body == Route::Body::kField && !route.body_field.back()->is_repeated()) {
    type = route.body_field.back()->message_type();
  }
  return type == nullptr || protoxml::IsJsonOnlyType(type) ? nullptr : type;
}

absl::Status RequestBuilder::Build(const RouteMatch& match, const std::string& query,
                                   const std::string& body, BodyFormat format,
                                   const std::optional<std::string>& idempotency_key,
                                   std::string* serialized) const {
  const Route& route = *match.route;
  std::unique_ptr<Message> request = schema_.NewMessage(route.method->input_type());
  if (route.body != Route::Body::kNone) {
    // A route with a body saves or changes something: without one there is nothing to do.
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument("the request body is missing: send the entity");
    }
    if (absl::Status status = ParseBody(route, body, format, limits_, *request); !status.ok())
      return status;
  }
  if (route.body == Route::Body::kWhole && !query.empty()) {
    return InvalidArgument("query parameters are not accepted: the body carries the request");
  }
  if (absl::Status status = BindQuery(query, *request); !status.ok()) return status;
  for (const PathBinding& binding : match.bindings) {
    // Resolved when the route was built, so this cannot fail.
    FieldPath field = *ResolveFieldPath(request->GetDescriptor(), binding.field_path);
    if (absl::Status status = SetFieldFromText(*request, field, binding.value); !status.ok()) {
      return status;
    }
  }
  if (absl::Status status = BindIdempotencyKey(route, idempotency_key, *request); !status.ok()) {
    return status;
  }
  if (!request->SerializeToString(serialized)) return InvalidArgument("request not serializable");
  return absl::OkStatus();
}

}  // namespace consent::gateway
