#include "server/ledger/ledger_validation.h"

#include <absl/strings/str_cat.h>

#include "lib/wire/status_details.h"
#include "server/ledger/event_append.h"

namespace consent::ledger {
namespace {

// Exactly one subject: dataConsent, consentPurposeId or consentTypeId.
template <typename Request>
void CheckSubject(const Request& r, const std::string& prefix, wire::FieldViolations& v) {
  const int subjects = (r.data_consent() ? 1 : 0) + (r.consent_purpose_id() != 0 ? 1 : 0) +
                       (r.consent_type_id() != 0 ? 1 : 0);
  if (subjects != 1) {
    v.Add(prefix + "consentPurposeId",
          "exactly one of dataConsent, consentPurposeId, consentTypeId is required");
  }
  if (r.consent_purpose_id() < 0) v.Add(prefix + "consentPurposeId", "must be positive");
  if (r.consent_type_id() < 0) v.Add(prefix + "consentTypeId", "must be positive");
  if (r.person_id() <= 0) v.Add(prefix + "personId", "must be positive");
  if (!v1::ConsentMedium_IsValid(r.medium())) {
    v.Add(prefix + "medium", "must be one of email, click, telephone");
  }
}

void CheckLength(const std::string& value, std::size_t max, const std::string& field,
                 wire::FieldViolations& v) {
  if (value.size() > max) v.Add(field, absl::StrCat("must be at most ", max, " bytes"));
}

}  // namespace

absl::Status ValidateEvidence(const v1::ConsentEvidence& e, const char* prefix) {
  wire::FieldViolations v;
  const std::string p(prefix);
  CheckLength(e.collection_method(), 100, p + "collectionMethod", v);
  CheckLength(e.form_url(), 2000, p + "formUrl", v);
  CheckLength(e.ip_address(), 45, p + "ipAddress", v);  // an IPv6 text at most
  CheckLength(e.user_agent(), 1000, p + "userAgent", v);
  CheckLength(e.note(), 2000, p + "note", v);
  return v.ToStatus();
}

absl::Status ValidateRecord(const v1::RecordConsentRequest& r, absl::Time now,
                            const LedgerLimits& limits) {
  wire::FieldViolations v;
  CheckSubject(r, "", v);
  if (r.consent_version_id() != 0 && r.consent_type_id() == 0) {
    v.Add("consentVersionId", "needs consentTypeId");
  }
  if (r.state() == v1::ConsentEvent::STATE_UNSPECIFIED ||
      !v1::ConsentEvent::State_IsValid(r.state())) {
    v.Add("state", "is required: one of awaiting, granted, refused, withdrawn");
  }
  if (r.double_opt_in() && r.state() != v1::ConsentEvent::awaiting) {
    v.Add("doubleOptIn", "needs state awaiting");
  }
  if (r.legal_base_id() < 0) v.Add("legalBaseId", "must be positive");
  if (r.consent_source_id() < 0) v.Add("consentSourceId", "must be positive");
  CheckLength(r.locale(), 35, "locale", v);
  CheckLength(r.description(), 2000, "description", v);
  if (!r.collected_at().empty()) {
    absl::Time collected;
    if (!ParseRfc3339(r.collected_at(), &collected)) {
      v.Add("collectedAt", "must be an RFC 3339 date-time, at most microseconds");
    } else if (collected > now + limits.clock_skew) {
      v.Add("collectedAt", "must not be in the future");
    } else if (collected < now - limits.max_collected_age) {
      v.Add("collectedAt",
            absl::StrCat("must be within the last ",
                         absl::ToInt64Hours(limits.max_collected_age) / 24, " days"));
    }
  }
  absl::Status status = v.ToStatus();
  if (!status.ok()) return status;
  return ValidateEvidence(r.evidence(), "evidence.");
}

absl::Status ValidateCheck(const v1::CheckConsentsRequest& request) {
  if (request.checks().empty()) return wire::FieldViolation("checks", "at least one is required");
  if (request.checks_size() > kMaxChecks) {
    return wire::FieldViolation("checks", absl::StrCat("at most ", kMaxChecks, " per call"));
  }
  wire::FieldViolations v;
  for (int i = 0; i < request.checks_size(); ++i) {
    CheckSubject(request.checks(i), absl::StrCat("checks[", i, "]."), v);
  }
  return v.ToStatus();
}

absl::Status ParseAt(const std::string& text, absl::Time now, absl::Time* at) {
  if (text.empty()) {
    *at = now;
    return absl::OkStatus();
  }
  if (!ParseRfc3339(text, at)) {
    return wire::FieldViolation("at", "must be an RFC 3339 date-time, at most microseconds");
  }
  return absl::OkStatus();
}

}  // namespace consent::ledger
