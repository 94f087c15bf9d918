#include "common/proto_json.h"

#include <google/protobuf/util/json_util.h>

#include "json_printer.h"

namespace consent {

std::string ToJson(const google::protobuf::Message& message, bool null_unset) {
  std::string out;
  if (PrintJsonFast(message, null_unset, &out)) return out;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  // Printing a valid in-memory message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

absl::Status FromJson(std::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(std::string(status.message()));
}

}  // namespace consent
