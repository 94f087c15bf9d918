#pragma once
// Reads an application/x-www-form-urlencoded body as the JSON of a protobuf message, guided
// by its descriptor, so that it goes through the same parsing, validation and errors as a
// JSON body. Names are JSON names; a nested field is `A.B` or `A[B]`, an item of a list
// `A[0].B` (or `A.0.B`; indices in order from 0), a list of scalars the name repeated
// (`A=1&A=2`). An empty value of a message field means null; "true"/"false" (and 1/0) are a
// bool field's; other values go on as JSON strings, which protobuf's JSON parser reads as
// numbers, enum names and so on. A name no field has is passed on for the parser to name.
#include <string>

#include <absl/status/statusor.h>
#include <google/protobuf/descriptor.h>

namespace consent::gateway {

// INVALID_ARGUMENT for a body that is not a form, a name deeper than `max_depth`, an index
// out of order or past `max_array_elements`, or a name that is both a value and a parent.
absl::StatusOr<std::string> FormToJson(const std::string& body,
                                       const google::protobuf::Descriptor* type, int max_depth,
                                       size_t max_array_elements);

}  // namespace consent::gateway
