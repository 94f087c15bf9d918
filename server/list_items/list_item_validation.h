#pragma once
// Validation of a list item of any kind, with violations keyed by JSON name: Name required
// (1..255 characters), Key <= 255, Tooltip/ConsentText/FormText/PrivacyStatementDesc
// <= 2000, PrivacyStatementUrl empty or an http(s) URL, Rank >= 0. The body's id is not
// checked: on update the path id wins (the sample body of SuperOffice PUT ConsentPurpose
// (list items) carries another id).
#include <absl/status/status.h>
#include <google/protobuf/message.h>

namespace consent::list_items {

absl::Status ValidateItem(const google::protobuf::Message& item);

}  // namespace consent::list_items
