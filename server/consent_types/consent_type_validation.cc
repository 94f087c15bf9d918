#include "server/consent_types/consent_type_validation.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>

#include "lib/wire/status_details.h"
#include "server/common/text.h"

namespace consent::consent_types {
namespace {

void CheckLength(wire::FieldViolations& violations, const std::string& field,
                 const std::string& value, bool required, size_t max) {
  size_t length = CharacterCount(value);
  if (required && IsBlank(value)) {
    violations.Add(field, "is required");
  } else if (length > max) {
    violations.Add(field, absl::StrCat("must be at most ", max, " characters"));
  }
}

void ValidateLocalizedField(const v1::LocalizedConsentField& field, const std::string& prefix,
                            wire::FieldViolations& violations) {
  CheckLength(violations, prefix + "Locale", field.locale(), true, 35);
  CheckLength(violations, prefix + "Name", field.name(), true, 200);
  CheckLength(violations, prefix + "ConsentLanguage", field.consent_language(), false, 100);
  CheckLength(violations, prefix + "Description", field.description(), false, 4000);
}

void ValidateVersion(const v1::ConsentVersion& version, const std::string& prefix,
                     wire::FieldViolations& violations) {
  CheckLength(violations, prefix + "ConsentVersion", version.consent_version(), true, 100);
  if (version.expiration_in_days() < 0)
    violations.Add(prefix + "ExpirationInDays", "must not be negative");
  for (int i = 0; i < version.localized_fields_size(); ++i) {
    ValidateLocalizedField(version.localized_fields(i),
                           absl::StrCat(prefix, "LocalizedFields[", i, "]."), violations);
  }
}

void ValidateEntry(const v1::ConsentTypeEntry& entry, const std::string& prefix,
                   wire::FieldViolations& violations) {
  CheckLength(violations, prefix + "TypeName", entry.type_name(), true, 100);
  for (int i = 0; i < entry.versions_size(); ++i) {
    ValidateVersion(entry.versions(i), absl::StrCat(prefix, "Versions[", i, "]."), violations);
  }
}

}  // namespace

absl::Status ValidateConsentType(const v1::ConsentTypeEntry& entry) {
  wire::FieldViolations violations;
  ValidateEntry(entry, "", violations);
  return violations.ToStatus();
}

absl::Status ValidateCreate(const v1::CreateConsentTypesRequest& request) {
  wire::FieldViolations violations;
  if (request.consent_types().empty())
    violations.Add("ConsentTypes", "must contain at least one consent type");
  if (request.consent_types_size() > kMaxBatch)
    violations.Add("ConsentTypes", absl::StrCat("must contain at most ", kMaxBatch, " entries"));
  for (int i = 0; i < request.consent_types_size(); ++i) {
    ValidateEntry(request.consent_types(i), absl::StrCat("ConsentTypes[", i, "]."), violations);
  }
  return violations.ToStatus();
}

absl::Status TypeNamesTaken(const std::vector<std::pair<std::string, std::string>>& taken) {
  if (taken.empty()) return absl::OkStatus();
  return absl::AlreadyExistsError(
      absl::StrCat("a consent type with this TypeName already exists: ",
                   absl::StrJoin(taken, "; ", [](std::string* out, const auto& field_and_name) {
                     absl::StrAppend(out, field_and_name.first, " \"", field_and_name.second, "\"");
                   })));
}

}  // namespace consent::consent_types
