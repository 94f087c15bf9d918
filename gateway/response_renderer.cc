#include "gateway/response_renderer.h"

#include "lib/protojson/api_json.h"

namespace consent::gateway {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

absl::Status ResponseRenderer::Render(const Route& route, const std::string& serialized,
                                      std::string* json) const {
  const Descriptor* type = route.method->output_type();
  std::unique_ptr<google::protobuf::Message> message = schema_.NewMessage(type);
  if (!message->ParseFromString(serialized)) {
    return absl::InternalError("unreadable response from the backend");
  }
  if (route.response_field.empty()) {
    *json = protojson::ToApiJson(*message, /*null_unset=*/true);
    return absl::OkStatus();
  }
  ordered_json body = ordered_json::parse(protojson::ToApiJson(*message, /*null_unset=*/true));
  for (const FieldDescriptor* field : route.response_field) {
    const ordered_json selected = body[field->json_name()];
    body = selected;
  }
  *json = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  return absl::OkStatus();
}

}  // namespace consent::gateway
