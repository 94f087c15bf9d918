#pragma once
// Validation of a list item of any kind, with violations keyed by JSON name: Name required
// (1..255 characters), Key <= 255, Tooltip/ConsentText/FormText/PrivacyStatementDesc
// <= 2000, PrivacyStatementUrl empty or an http(s) URL, Rank >= 0, and a non-zero body id
// must equal the path id ("<Kind>Id").
#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent::list_items {

// `path_id` 0 (create) skips the id check: a create ignores the body id.
absl::Status ValidateItem(const google::protobuf::Message& item, int path_id);

}  // namespace consent::list_items
