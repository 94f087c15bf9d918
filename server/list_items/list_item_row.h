#pragma once
// One row of `list_items`: the common shape of ConsentPurpose, ConsentSource and LegalBase.
// A kind's message carries a subset of these columns (see list_item_fields.h).
#include <string>
#include <tuple>

namespace consent::list_items {

struct ListItemRow {
  int id = 0;
  std::string name;
  std::string key;
  std::string tooltip;
  int active = 0;
  bool deleted = false;
  int rank = 0;
  std::string consent_text;
  std::string form_text;
  std::string privacy_statement_desc;
  std::string privacy_statement_url;
  int mail_template_id = 0;
  long long updated_at_micros = 0;  // Unix epoch microseconds
  std::string updated_by;
  long long version = 0;
};

// Equal in everything a client can change (not id, UpdatedDate, UpdatedBy or version).
inline bool SameContent(const ListItemRow& a, const ListItemRow& b) {
  const auto content = [](const ListItemRow& r) {
    return std::tie(r.name, r.key, r.tooltip, r.active, r.deleted, r.rank, r.consent_text,
                    r.form_text, r.privacy_statement_desc, r.privacy_statement_url,
                    r.mail_template_id);
  };
  return content(a) == content(b);
}

}  // namespace consent::list_items
