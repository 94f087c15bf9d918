#pragma once
#include <absl/status/status.h>

#include "proto/consent/v1/persons.pb.h"

namespace consent::persons {

// FirstName/LastName at most 200 characters, Email empty or a plausible address.
absl::Status ValidatePerson(const v1::Person& person);

// status required and one of awaiting|refused|granted; medium, when given, one of
// email|click|telephone; description at most 2000 characters.
absl::Status ValidateDataConsent(const v1::PersonDataConsent& consent);

}  // namespace consent::persons
