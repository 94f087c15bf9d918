#include "server/consent_types/consent_type_audit.h"

#include <algorithm>
#include <map>
#include <set>

#include <absl/strings/str_cat.h>
#include <absl/time/clock.h>
#include <absl/time/time.h>
#include <google/protobuf/util/message_differencer.h>

#include "lib/wire/status_details.h"

namespace consent::consent_types {
namespace {

using google::protobuf::util::MessageDifferencer;

void Created(const Audit& audit, v1::EditInfo* edited) {
  edited->set_create_date(audit.now);
  edited->set_created_by(audit.principal);
  edited->set_modified_date(audit.now);
  edited->set_modified_by(audit.principal);
}

void Modified(const Audit& audit, v1::EditInfo* edited) {
  edited->set_modified_date(audit.now);
  edited->set_modified_by(audit.principal);
}

std::map<int, const v1::ConsentVersion*> VersionsById(const v1::ConsentTypeEntry& entry) {
  std::map<int, const v1::ConsentVersion*> by_id;
  for (const auto& version : entry.versions()) by_id[version.consent_version_id()] = &version;
  return by_id;
}

}  // namespace

Audit AuditNow(const CallContext& call) {
  return {call.principal,
          absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone())};
}

void ClearServerFields(v1::ConsentTypeEntry* entry) {
  entry->clear_type_id();
  entry->clear_edited();
  for (auto& version : *entry->mutable_versions()) {
    version.clear_consent_version_id();
    version.clear_edited();
    version.clear_is_associated_with_profiles();
  }
}

int NewVersionCount(const v1::ConsentTypeEntry& entry) {
  int count = 0;
  for (const auto& version : entry.versions()) count += version.consent_version_id() == 0;
  return count;
}

namespace {

// Of a version with decisions under it, what the person saw and its expiry are fixed; it may
// still be deactivated (checks then answer reconsent_required).
void CheckUnchangedTexts(const v1::ConsentVersion& stored, const v1::ConsentVersion& patched,
                         const std::string& prefix, wire::FieldViolations& violations) {
  constexpr char kFixed[] = "cannot change: consent decisions were recorded under this version";
  if (patched.consent_version() != stored.consent_version()) {
    violations.Add(prefix + "ConsentVersion", kFixed);
  }
  if (patched.expiration_in_days() != stored.expiration_in_days()) {
    violations.Add(prefix + "ExpirationInDays", kFixed);
  }
  if (patched.localized_fields_size() != stored.localized_fields_size() ||
      !std::equal(patched.localized_fields().begin(), patched.localized_fields().end(),
                  stored.localized_fields().begin(),
                  [](const auto& a, const auto& b) { return MessageDifferencer::Equals(a, b); })) {
    violations.Add(prefix + "LocalizedFields", kFixed);
  }
}

}  // namespace

absl::Status CheckVersionIdentities(const v1::ConsentTypeEntry& stored,
                                    const v1::ConsentTypeEntry& patched) {
  const auto existing = VersionsById(stored);
  std::set<int> seen;
  wire::FieldViolations violations;
  for (int i = 0; i < patched.versions_size(); ++i) {
    const v1::ConsentVersion& version = patched.versions(i);
    int id = version.consent_version_id();
    if (id == 0) continue;  // new: what it says of the server's fields is ignored, as on create
    std::string prefix = absl::StrCat("Versions[", i, "].");
    auto match = existing.find(id);
    if (match == existing.end() || !seen.insert(id).second) {
      violations.Add(prefix + "ConsentVersionId",
                     "is read-only: it must be the id of a distinct existing version, or "
                     "omitted for a new version");
      continue;
    }
    if (!MessageDifferencer::Equals(version.edited(), match->second->edited())) {
      violations.Add(prefix + "Edited", "is read-only");
    }
    const bool in_use = match->second->is_associated_with_profiles();
    if (version.is_associated_with_profiles() != in_use) {
      violations.Add(prefix + "IsAssociatedWithProfiles",
                     "is computed by the server: true once decisions were recorded under the "
                     "version");
    }
    if (in_use) CheckUnchangedTexts(*match->second, version, prefix, violations);
  }
  // A version with decisions under it is evidence of what the person saw: it stays.
  for (const auto& [id, version] : existing) {
    if (version->is_associated_with_profiles() && !seen.contains(id)) {
      violations.Add("Versions", absl::StrCat("version ", id,
                                              " has consent decisions under it and cannot be "
                                              "removed (deactivate it with IsActive false)"));
    }
  }
  return violations.ToStatus();
}

void Stamp(const v1::ConsentTypeEntry* stored, const Audit& audit, const std::vector<int>& new_ids,
           v1::ConsentTypeEntry* entry) {
  const auto existing =
      stored == nullptr ? std::map<int, const v1::ConsentVersion*>() : VersionsById(*stored);
  auto next_id = new_ids.begin();
  for (auto& version : *entry->mutable_versions()) {
    if (version.consent_version_id() == 0) {
      version.set_consent_version_id(*next_id++);
      Created(audit, version.mutable_edited());
    } else if (!MessageDifferencer::Equals(version, *existing.at(version.consent_version_id()))) {
      Modified(audit, version.mutable_edited());
    }
  }
  if (stored == nullptr) {
    Created(audit, entry->mutable_edited());
  } else {
    Modified(audit, entry->mutable_edited());
  }
}

}  // namespace consent::consent_types
