#include "gateway/response_renderer.h"

#include "lib/protojson/api_json.h"
#include "lib/protoxml/xml_writer.h"

namespace consent::gateway {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

namespace {

std::string Dump(const ordered_json& json) {
  return json.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ResponseRenderer::Parse(
    const Route& route, const std::string& serialized) const {
  std::unique_ptr<google::protobuf::Message> message =
      schema_.NewMessage(route.method->output_type());
  if (!message->ParseFromString(serialized)) {
    return absl::InternalError("unreadable response from the backend");
  }
  return message;
}

absl::Status ResponseRenderer::ToJson(const Route& route, const std::string& serialized,
                                      const RenderPreferences& prefs, ordered_json* json,
                                      const Descriptor** type,
                                      std::string* content_language) const {
  *type = route.method->output_type();
  auto message = Parse(route, serialized);
  if (!message.ok()) return message.status();
  *json = ordered_json::parse(protojson::ToApiJson(**message, /*null_unset=*/true));
  if (!prefs.empty()) {
    std::string languages = Localize(*type, prefs, *json);
    if (content_language != nullptr) *content_language = std::move(languages);
  }
  for (const FieldDescriptor* field : route.response_field) {
    const ordered_json selected = (*json)[field->json_name()];
    *json = selected;
    *type = field->is_repeated() ? nullptr : field->message_type();
  }
  return absl::OkStatus();
}

absl::Status ResponseRenderer::Render(const Route& route, const std::string& serialized, bool xml,
                                      const RenderPreferences& prefs, Rendered* out) const {
  std::string* body = &out->body;
  // The common case, without a parse and a dump.
  if (!xml && route.response_field.empty() && prefs.empty()) {
    auto message = Parse(route, serialized);
    if (!message.ok()) return message.status();
    *body = protojson::ToApiJson(**message, /*null_unset=*/true);
    return absl::OkStatus();
  }
  ordered_json json;
  const Descriptor* type = nullptr;
  if (absl::Status s = ToJson(route, serialized, prefs, &json, &type, &out->content_language);
      !s.ok()) {
    return s;
  }
  if (!xml) {
    *body = Dump(json);
  } else if (type != nullptr) {
    *body = protoxml::MessageToXml(json, type);
  } else {
    return absl::InternalError("the response body has no XML form");
  }
  return absl::OkStatus();
}

absl::Status ResponseRenderer::RenderStream(const Route& route,
                                            const std::vector<std::string>& serialized, bool ndjson,
                                            bool xml, const RenderPreferences& prefs,
                                            std::string* body) const {
  ordered_json all = ordered_json::array();
  body->clear();
  for (const std::string& message : serialized) {
    ordered_json json;
    const Descriptor* type = nullptr;
    if (absl::Status s = ToJson(route, message, prefs, &json, &type, nullptr); !s.ok()) return s;
    if (ndjson) {
      *body += Dump(json);
      *body += '\n';
    } else {
      all.push_back(std::move(json));
    }
  }
  if (ndjson) return absl::OkStatus();
  *body = xml ? protoxml::MessagesToXml(all, route.method->output_type()) : Dump(all);
  return absl::OkStatus();
}

}  // namespace consent::gateway
