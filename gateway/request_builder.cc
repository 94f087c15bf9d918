#include "gateway/request_builder.h"

#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>
#include <nlohmann/json.hpp>

#include "gateway/json_body.h"

namespace consent::gateway {
namespace {

using google::protobuf::Message;

absl::Status InvalidArgument(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

absl::Status ParseBody(const Route& route, const std::string& body, const JsonLimits& limits,
                       Message& request) {
  if (route.body == Route::Body::kWhole) return ParseJsonInto(body, request, limits);
  const google::protobuf::FieldDescriptor* leaf = route.body_field.back();
  if (leaf->message_type() != nullptr && !leaf->is_repeated()) {
    return ParseJsonInto(body, *MutableMessageAt(request, route.body_field), limits);
  }
  // A scalar or repeated body field: parse {"<field>": body} into its parent.
  Message* parent =
      MutableMessageAt(request, FieldPath(route.body_field.begin(), route.body_field.end() - 1));
  std::unique_ptr<Message> wrapper(parent->New());
  absl::Status status = ParseJsonInto(
      "{" + nlohmann::json(leaf->json_name()).dump() + ":" + body + "}", *wrapper, limits);
  if (status.ok()) parent->MergeFrom(*wrapper);
  return status;
}

absl::Status BindQuery(const std::string& query, Message& request) {
  const std::vector<std::string> pairs = absl::StrSplit(query, '&', absl::SkipEmpty());
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    std::optional<std::string> name =
        PercentDecode(absl::StrReplaceAll(pair.substr(0, eq), {{"+", " "}}));
    std::optional<std::string> value = PercentDecode(
        eq == std::string::npos ? "" : absl::StrReplaceAll(pair.substr(eq + 1), {{"+", " "}}));
    if (!name || !value) return InvalidArgument("malformed query string");
    absl::StatusOr<FieldPath> field = ResolveFieldPath(request.GetDescriptor(), *name);
    if (!field.ok()) return InvalidArgument("unknown query parameter \"" + *name + "\"");
    if (absl::Status status = SetFieldFromText(request, *field, *value); !status.ok()) {
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

absl::Status RequestBuilder::Build(const RouteMatch& match, const std::string& query,
                                   const std::string& body,
                                   const std::optional<std::string>& idempotency_key,
                                   std::string* serialized) const {
  const Route& route = *match.route;
  std::unique_ptr<Message> request = schema_.NewMessage(route.method->input_type());
  if (route.body != Route::Body::kNone) {
    // A route with a body saves or changes something: without one there is nothing to do.
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument("the request body is missing: send the entity as JSON");
    }
    if (absl::Status status = ParseBody(route, body, limits_, *request); !status.ok())
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
