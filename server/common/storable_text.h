#pragma once
// Text PostgreSQL cannot store as given: its text type holds no NUL character (U+0000), and
// libpq would cut a parameter at the first one, silently storing less than was sent. Every
// request is checked before its handler runs (handler.h), so such a value is refused naming
// its property, never stored cut short nor failing as a database error.
#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent {

// INVALID_ARGUMENT with a violation per string holding a NUL, named by JSON property path
// as the REST body spells it (a request's singular message field is the body: its name is
// left out, "FirstName" rather than "person.FirstName").
absl::Status CheckStorableText(const google::protobuf::Message& request);

}  // namespace consent
