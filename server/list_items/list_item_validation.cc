#include "server/list_items/list_item_validation.h"

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

#include "lib/wire/status_details.h"
#include "server/common/text.h"
#include "server/list_items/list_item_fields.h"
#include "server/list_items/list_item_mapper.h"

namespace consent::list_items {
namespace {

bool IsHttpUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "http://") && !absl::ConsumePrefix(&rest, "https://"))
    return false;
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') return false;
  for (unsigned char c : rest)
    if (absl::ascii_isspace(c) || absl::ascii_iscntrl(c)) return false;
  return true;
}

}  // namespace

absl::Status ValidateItem(const google::protobuf::Message& item) {
  const auto* descriptor = item.GetDescriptor();
  ListItemRow row = RowFromItem(item);
  wire::FieldViolations v;
  for (const auto& column : kTextColumns) {
    const auto* field = descriptor->FindFieldByName(std::string(column.field));
    if (!field) continue;
    size_t length = CharacterCount(row.*column.member);
    if (column.member == &ListItemRow::name && IsBlank(row.name))
      v.Add(field->json_name(), "is required");
    else if (length > static_cast<size_t>(column.max_length))
      v.Add(field->json_name(), absl::StrCat("must be at most ", column.max_length, " characters"));
  }
  if (!row.privacy_statement_url.empty() && !IsHttpUrl(row.privacy_statement_url))
    v.Add("PrivacyStatementUrl", "must be an http or https URL");
  if (row.rank < 0) v.Add("Rank", "must not be negative");
  return v.ToStatus();
}

}  // namespace consent::list_items
