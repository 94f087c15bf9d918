#include "server/ledger/subject_resolver.h"

#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "lib/wire/status_details.h"
#include "server/db/statement.h"
#include "server/ledger/event_append.h"

namespace consent::ledger {
namespace {

// $1: a JSON array of {i, tenant, purpose, type, legal, source} (0: none asked). Per i: the
// purpose, the type, whether the legal base and the source exist; NULL where not found.
const db::Statement kReferences(
    "ledger.references",
    "SELECT r.i,"
    "   (SELECT jsonb_build_object('name', name, 'consentText', consent_text,"
    "     'formText', form_text)::text FROM list_items WHERE tenant = r.tenant"
    "     AND item_id = r.purpose AND kind = 'ConsentPurpose' AND NOT deleted),"
    "   (SELECT jsonb_build_object('active', is_active, 'versions', versions)::text"
    "     FROM consent_types WHERE tenant = r.tenant AND type_id = r.type),"
    "   EXISTS (SELECT 1 FROM list_items WHERE tenant = r.tenant AND item_id = r.legal"
    "     AND kind = 'LegalBase' AND NOT deleted),"
    "   EXISTS (SELECT 1 FROM list_items WHERE tenant = r.tenant AND item_id = r.source"
    "     AND kind = 'ConsentSource' AND NOT deleted)"
    " FROM jsonb_to_recordset($1::jsonb)"
    "   AS r(i int, tenant text, purpose int, type int, legal int, source int)");

// A member of a stored version (the API's JSON, where an unset member may be null), or
// `fallback` when it is absent or of another type.
template <typename T>
T Member(const nlohmann::json& object, const char* key, T fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if constexpr (std::is_same_v<T, bool>) {
    return it->is_boolean() ? it->template get<bool>() : fallback;
  } else if constexpr (std::is_same_v<T, int>) {
    return it->is_number_integer() ? it->template get<int>() : fallback;
  } else {
    return it->is_string() ? it->template get<std::string>() : fallback;
  }
}

// The version asked for (0: the newest active one) of a type's stored "Versions" array.
const nlohmann::json* FindVersion(const nlohmann::json& versions, int id) {
  const nlohmann::json* found = nullptr;
  for (const auto& v : versions) {
    const int vid = Member(v, "ConsentVersionId", 0);
    if (id != 0 ? vid == id
                : Member(v, "IsActive", false) &&
                      (found == nullptr || vid > Member(*found, "ConsentVersionId", 0))) {
      found = &v;
    }
  }
  return found;
}

// The version's LocalizedFields for `locale` (default: its first); nullptr when it has none
// for a locale asked for.
const nlohmann::json* FindLocalized(const nlohmann::json& version, const std::string& locale) {
  const auto fields = version.find("LocalizedFields");
  if (fields == version.end() || !fields->is_array() || fields->empty()) {
    return locale.empty() ? &version : nullptr;  // no texts: the notice names the version only
  }
  if (locale.empty()) return &(*fields)[0];
  for (const auto& f : *fields) {
    if (Member(f, "Locale", std::string()) == locale) return &f;
  }
  return nullptr;
}

absl::Status ResolveType(const nlohmann::json& type, const v1::RecordConsentRequest& r,
                         v1::ConsentEvent* e, int* expiration_days) {
  if (!Member(type, "active", false)) {
    return wire::FieldViolation("consentTypeId", "is not active");
  }
  // Bound here: FindVersion answers a pointer into it.
  const nlohmann::json versions = type.value("versions", nlohmann::json::array());
  const nlohmann::json* version = FindVersion(versions, r.consent_version_id());
  if (version == nullptr) {
    return r.consent_version_id() != 0
               ? wire::FieldViolation("consentVersionId", "is not a version of this type")
               : wire::FieldViolation("consentTypeId", "has no active version");
  }
  if (!Member(*version, "IsActive", false)) {
    return wire::FieldViolation("consentVersionId", "is not active");
  }
  const nlohmann::json* localized = FindLocalized(*version, r.locale());
  if (localized == nullptr) {
    return wire::FieldViolation("locale", "the version has no texts for this locale");
  }
  e->set_consent_version_id(Member(*version, "ConsentVersionId", 0));
  v1::ConsentNotice* notice = e->mutable_notice();
  notice->set_version_label(Member(*version, "ConsentVersion", std::string()));
  if (localized != version) {
    notice->set_locale(Member(*localized, "Locale", std::string()));
    notice->set_name(Member(*localized, "Name", std::string()));
    notice->set_description(Member(*localized, "Description", std::string()));
  }
  *expiration_days = Member(*version, "ExpirationInDays", 0);
  return absl::OkStatus();
}

// The event of `r` but for what its references give.
v1::ConsentEvent Unresolved(const v1::RecordConsentRequest& r) {
  v1::ConsentEvent e;
  e.set_person_id(r.person_id());
  e.set_data_consent(r.data_consent());
  e.set_consent_purpose_id(r.consent_purpose_id());
  e.set_consent_type_id(r.consent_type_id());
  e.set_medium(r.medium());
  e.set_state(r.state());
  e.set_legal_base_id(r.legal_base_id());
  e.set_consent_source_id(r.consent_source_id());
  e.set_description(r.description());
  *e.mutable_evidence() = r.evidence();
  if (!r.collected_at().empty()) {
    absl::Time collected;
    ParseRfc3339(r.collected_at(), &collected);  // validated before
    e.set_collected_at(Rfc3339(collected));
  }
  return e;
}

bool NeedsReferences(const v1::RecordConsentRequest& r) {
  return !r.data_consent() || r.legal_base_id() != 0 || r.consent_source_id() != 0;
}

// Completes `e` from the references' row of `r`.
absl::Status FromReferences(const pqxx::row& row, const v1::RecordConsentRequest& r, absl::Time now,
                            v1::ConsentEvent* e) {
  wire::FieldViolations v;
  if (r.legal_base_id() != 0 && !row[3].as<bool>()) v.Add("legalBaseId", "no such LegalBase");
  if (r.consent_source_id() != 0 && !row[4].as<bool>()) {
    v.Add("consentSourceId", "no such ConsentSource");
  }
  if (r.consent_purpose_id() != 0) {
    if (row[1].is_null()) {
      v.Add("consentPurposeId", "no such ConsentPurpose");
    } else {
      const auto purpose = nlohmann::json::parse(row[1].as<std::string>());
      e->mutable_notice()->set_name(purpose.value("name", ""));
      e->mutable_notice()->set_consent_text(purpose.value("consentText", ""));
      e->mutable_notice()->set_form_text(purpose.value("formText", ""));
    }
  }
  if (absl::Status status = v.ToStatus(); !status.ok()) return status;
  if (r.consent_type_id() == 0) return absl::OkStatus();
  if (row[2].is_null()) return wire::FieldViolation("consentTypeId", "no such ConsentType");
  int expiration_days = 0;
  absl::Status resolved =
      ResolveType(nlohmann::json::parse(row[2].as<std::string>()), r, e, &expiration_days);
  if (!resolved.ok()) return resolved;
  if (expiration_days > 0 && r.state() == v1::ConsentEvent::granted) {
    absl::Time collected = now;
    if (!r.collected_at().empty()) ParseRfc3339(r.collected_at(), &collected);
    e->set_expires_at(Rfc3339(collected + absl::Hours(24) * expiration_days));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<absl::StatusOr<v1::ConsentEvent>> ResolveAll(pqxx::transaction_base& txn,
                                                         const std::vector<Resolving>& decisions) {
  std::vector<absl::StatusOr<v1::ConsentEvent>> out;
  out.reserve(decisions.size());
  nlohmann::json asked = nlohmann::json::array();
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const v1::RecordConsentRequest& r = *decisions[i].request;
    out.push_back(Unresolved(r));
    if (!NeedsReferences(r)) continue;
    asked.push_back({{"i", i},
                     {"tenant", decisions[i].call->tenant},
                     {"purpose", r.consent_purpose_id()},
                     {"type", r.consent_type_id()},
                     {"legal", r.legal_base_id()},
                     {"source", r.consent_source_id()}});
  }
  if (asked.empty()) return out;
  for (const auto& row : kReferences.Run(txn, asked.dump())) {
    const auto i = row[0].as<std::size_t>();
    if (absl::Status s = FromReferences(row, *decisions[i].request, decisions[i].now, &*out[i]);
        !s.ok()) {
      out[i] = s;
    }
  }
  return out;
}

}  // namespace consent::ledger
