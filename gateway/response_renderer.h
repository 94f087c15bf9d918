#pragma once
// Renders a serialized gRPC response as the REST body: protobuf's JSON mapping with
// json_name keys, primitive fields always printed, unset singular message fields as null
// (recursively), fields in declaration order, and the rule's response_body applied; the
// client's language and time zone applied (response_localizer.h); or that JSON written as
// XML (lib/protoxml/xml_writer.h).
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "gateway/response_localizer.h"
#include "gateway/route_table.h"
#include "lib/protojson/api_schema.h"

namespace consent::gateway {

class ResponseRenderer {
 public:
  explicit ResponseRenderer(const protojson::ApiSchema& schema) : schema_(schema) {}

  struct Rendered {
    std::string body;
    std::string content_language;  // the Locales the localized lists kept; empty: none
  };

  // INTERNAL if the bytes do not parse as the route's output type.
  absl::Status Render(const Route& route, const std::string& serialized, bool xml,
                      const RenderPreferences& prefs, Rendered* out) const;

  // A server-streaming answer's messages as one JSON array, NDJSON lines (`ndjson`), or
  // one XML document (`xml`).
  absl::Status RenderStream(const Route& route, const std::vector<std::string>& serialized,
                            bool ndjson, bool xml, const RenderPreferences& prefs,
                            std::string* body) const;

 private:
  // The backend's answer as the route's output type; INTERNAL when the bytes are not one.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Parse(
      const Route& route, const std::string& serialized) const;
  // The JSON of the response (its response_body field, if the rule names one) and the
  // message type it is, nullptr for a field that is not a message.
  absl::Status ToJson(const Route& route, const std::string& serialized,
                      const RenderPreferences& prefs, nlohmann::ordered_json* json,
                      const google::protobuf::Descriptor** type,
                      std::string* content_language) const;

  const protojson::ApiSchema& schema_;
};

}  // namespace consent::gateway
