#include "server/persons/person_validation.h"

#include "lib/wire/status_details.h"

namespace consent::persons {

absl::Status ValidatePerson(const v1::Person& person) {
  wire::FieldViolations v;
  if (person.first_name().size() > 200) v.Add("FirstName", "must be at most 200 characters");
  if (person.last_name().size() > 200) v.Add("LastName", "must be at most 200 characters");
  const std::string& email = person.email();
  if (email.size() > 254) {
    v.Add("Email", "must be at most 254 characters");
  } else if (!email.empty()) {
    auto at = email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == email.size() ||
        email.find('@', at + 1) != std::string::npos || email.find(' ') != std::string::npos)
      v.Add("Email", "must be an e-mail address");
  }
  return v.ToStatus();
}

absl::Status ValidateDataConsent(const v1::PersonDataConsent& consent) {
  wire::FieldViolations v;
  if (consent.status() == v1::CONSENT_STATUS_UNSPECIFIED)
    v.Add("status", "is required: one of awaiting, refused, granted");
  else if (!v1::ConsentStatus_IsValid(consent.status()))
    v.Add("status", "must be one of awaiting, refused, granted");
  if (!v1::ConsentMedium_IsValid(consent.medium()))
    v.Add("medium", "must be one of email, click, telephone");
  if (consent.description().size() > 2000) v.Add("description", "must be at most 2000 characters");
  return v.ToStatus();
}

}  // namespace consent::persons
