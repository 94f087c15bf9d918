#pragma once
// Turns a protobuf JSON parser error into a field violation naming the JSON property
// (e.g. "Versions[1].ExpirationInDays"), so a 422 `errors` map speaks the API's names.
#include <absl/status/status.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/descriptor.h>

namespace consent {

// `parser_message` is the text of a failed JsonStringToMessage into a `type` message:
// "(proto.path[0].name): invalid value X for type T", "(proto.path) Name: Cannot find
// field." or "Name: <reason>". A message without a location names the document root "".
absl::Status JsonParseViolation(const google::protobuf::Descriptor& type,
                                absl::string_view parser_message);

}  // namespace consent
