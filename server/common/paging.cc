#include "server/common/paging.h"

#include <absl/strings/escaping.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/strip.h>

#include "lib/wire/status_details.h"

namespace consent {

absl::StatusOr<PageRequest> ParsePageRequest(int page_size, const std::string& page_token) {
  wire::FieldViolations violations;
  PageRequest page;
  if (page_size < 0) violations.Add("pageSize", "must not be negative");
  page.limit = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  if (!page_token.empty()) {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(page_token, &decoded) ||
        !absl::SimpleAtoi(absl::StripPrefix(decoded, "after:"), &page.after_id) ||
        page.after_id < 0) {
      violations.Add("pageToken", "is not a token returned by a previous page");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return page;
}

std::string NextPageToken(const PageRequest& page, int returned, long long last_id) {
  if (returned < page.limit) return "";
  return absl::WebSafeBase64Escape(absl::StrCat("after:", last_id));
}

}  // namespace consent
