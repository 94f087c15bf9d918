#pragma once
// How consentctl prints an answer: the API's JSON mapping (--json; field names as in the
// REST API, defaults included, one document on stdout) or, by default, a table: one row
// per item for list answers, one `field  value` row per field otherwise.
#include <ostream>

#include <google/protobuf/message.h>

namespace consent::ctl {

void PrintJson(const google::protobuf::Message& message, std::ostream& out);
void PrintHuman(const google::protobuf::Message& message, std::ostream& out);

}  // namespace consent::ctl
