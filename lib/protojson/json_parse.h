#pragma once
// Parses the API's JSON into a protobuf message with protobuf's JSON mapping (unknown
// members refused) and says what went wrong in the API's terms: which JSON property, and
// whether it is unknown or holds a bad value. Callers decide the status (a request body's
// unknown member is 400, a patched resource's is 422).
#include <optional>
#include <string>

#include <absl/strings/string_view.h>
#include <google/protobuf/message.h>

namespace consent::protojson {

struct JsonParseError {
  enum class Kind {
    kUnknownField,  // `field` is not a member of its object
    kInvalidValue,  // `field` holds a value of the wrong type or an unknown enum name
    kOther,         // anything else the parser refuses (not JSON, ...)
  };
  Kind kind;
  std::string field;  // JSON property path, "Versions[1].ExpirationInDays"; "" = the root
  std::string
      description;  // "invalid value \"x\" for type consent.v1.Medium", or the parser's text
};

// nullopt on success.
std::optional<JsonParseError> ParseApiJson(absl::string_view json,
                                           google::protobuf::Message* message);

// Classifies the text of a failed protobuf JsonStringToMessage into a `type` message:
// "(proto.path[0].name): invalid value X for type T", "(proto.path) Name: Cannot find
// field." or "Name: Cannot find field.", else kOther with the text as it is.
JsonParseError ClassifyParseError(const google::protobuf::Descriptor& type,
                                  absl::string_view parser_message);

}  // namespace consent::protojson
