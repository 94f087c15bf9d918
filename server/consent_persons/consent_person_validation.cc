#include "server/consent_persons/consent_person_validation.h"

#include <absl/strings/str_cat.h>

#include "lib/wire/status_details.h"
#include "server/common/text.h"

namespace consent::consent_persons {

absl::Status ValidateConsentPerson(const ConsentPersonRow& row) {
  wire::FieldViolations v;
  if (row.person_id == 0) v.Add("PersonId", "is required");
  if (CharacterCount(row.comment) > kMaxCommentLength)
    v.Add("Comment", absl::StrCat("must be at most ", kMaxCommentLength, " characters"));
  return v.ToStatus();
}

}  // namespace consent::consent_persons
