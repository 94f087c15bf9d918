#pragma once
// SuperOffice "carriers" (list items, ConsentPerson) answer with the caller's TableRight and a
// FieldProperties map: one entry per field, keyed by its JSON name, with the field's .NET-style
// type and its maximum length. Both are derived from the message descriptor, so every
// carrier gets them without per-type code.
#include <absl/strings/string_view.h>
#include <absl/types/span.h>
#include <google/protobuf/message.h>

namespace consent {

// The maximum length of a text field, by proto field name (fields not listed: 0).
struct FieldLength {
  absl::string_view field;
  int length;
};

// Sets `table_right` and `field_properties` of `carrier`, which must have both fields.
// Every caller of a tenant has full rights on its own data, so TableRight is
// {"Select, Insert, Update, Delete", ""}; FieldRight stays null, as in the vendor pages.
void SetCarrierRights(absl::Span<const FieldLength> lengths, google::protobuf::Message* carrier);

}  // namespace consent
