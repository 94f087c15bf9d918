#pragma once
// The table that maps list-item message fields (by proto field name) to row columns. The
// mapper, the validation and the FieldProperties all read it, so a field is described once.
// A kind whose message lacks a field (LegalBase has no ConsentText) simply skips it.
#include <string>

#include <absl/strings/string_view.h>

#include "server/list_items/list_item_row.h"

namespace consent::list_items {

struct TextColumn {
  absl::string_view field;
  std::string ListItemRow::*member;
  int max_length;  // in characters
};

inline constexpr TextColumn kTextColumns[] = {
    {"name", &ListItemRow::name, 255},
    {"key", &ListItemRow::key, 255},
    {"tooltip", &ListItemRow::tooltip, 2000},
    {"consent_text", &ListItemRow::consent_text, 2000},
    {"form_text", &ListItemRow::form_text, 2000},
    {"privacy_statement_desc", &ListItemRow::privacy_statement_desc, 2000},
    {"privacy_statement_url", &ListItemRow::privacy_statement_url, 2000},
};

struct IntColumn {
  absl::string_view field;
  int ListItemRow::*member;
};

inline constexpr IntColumn kIntColumns[] = {
    {"active", &ListItemRow::active},
    {"rank", &ListItemRow::rank},
    {"mail_template_id", &ListItemRow::mail_template_id},
};

// Fields every kind has that are not plain columns.
inline constexpr absl::string_view kDeletedField = "deleted";
inline constexpr absl::string_view kUpdatedDateField = "updated_date";
inline constexpr absl::string_view kUpdatedByField = "updated_by";
inline constexpr absl::string_view kTableRightField = "table_right";
inline constexpr absl::string_view kFieldPropertiesField = "field_properties";

}  // namespace consent::list_items
