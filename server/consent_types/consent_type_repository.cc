#include "server/consent_types/consent_type_repository.h"

#include <set>
#include <stdexcept>

#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/api_json.h"
#include "lib/protojson/json_parse.h"
#include "server/db/statement.h"

namespace consent::consent_types {
namespace {

constexpr char kColumns[] =
    "type_id, type_name, is_active, versions::text, rfc3339(created_at), created_by,"
    " rfc3339(modified_at), modified_by, version";

const db::Statement kTakenNames(
    "consent_types.taken_names",
    "WITH input AS (SELECT ordinality - 1 AS idx, name"
    "   FROM json_array_elements_text($2::json) WITH ORDINALITY AS t(name, ordinality))"
    " SELECT idx FROM input i"
    " WHERE EXISTS (SELECT 1 FROM consent_types c WHERE c.tenant = $1"
    "               AND lower(c.type_name) = lower(i.name) AND c.type_id <> $3)"
    "    OR EXISTS (SELECT 1 FROM input j WHERE j.idx < i.idx AND lower(j.name) = lower(i.name))"
    " ORDER BY idx");
const db::Statement kNextVersionIds(
    "consent_types.next_version_ids",
    "SELECT nextval('consent_version_ids')::integer FROM generate_series(1, $1)");
const db::Statement kInsert(
    "consent_types.insert",
    absl::StrCat("INSERT INTO consent_types (tenant, type_name, is_active, versions,"
                 " created_at, created_by, modified_at, modified_by)"
                 " VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $6, $7::timestamptz, $8)"
                 " RETURNING ",
                 kColumns));
const db::KeyedSelect kGet("consent_types.get",
                           absl::StrCat("SELECT ", kColumns,
                                        " FROM consent_types WHERE tenant = $1 AND type_id = $2"),
                           "FOR UPDATE");
const db::Statement kList("consent_types.list",
                          absl::StrCat("SELECT ", kColumns,
                                       " FROM consent_types WHERE tenant = $1 AND type_id > $2"
                                       " ORDER BY type_id LIMIT $3"));
// Versions with ledger decisions under them (version ids are unique across types).
const db::Statement kVersionsInUse(
    "consent_types.versions_in_use",
    "SELECT DISTINCT version_id FROM consent_events WHERE tenant = $1 AND subject_kind = 'type'"
    " AND subject_id IN (SELECT jsonb_array_elements_text($2::jsonb)::int)");
const db::Statement kUpdate(
    "consent_types.update",
    absl::StrCat("UPDATE consent_types SET type_name = $3, is_active = $4,"
                 " versions = $5::jsonb, modified_at = $6::timestamptz, modified_by = $7,"
                 " version = version + 1 WHERE tenant = $1 AND type_id = $2 RETURNING ",
                 kColumns));

// The versions as stored: the "Versions" array of the API JSON, without what is computed on
// reading (IsAssociatedWithProfiles).
std::string VersionsJson(const v1::ConsentTypeEntry& entry) {
  v1::ConsentTypeEntry versions_only;
  *versions_only.mutable_versions() = entry.versions();
  for (auto& version : *versions_only.mutable_versions()) {
    version.clear_is_associated_with_profiles();
  }
  return nlohmann::json::parse(protojson::ToApiJson(versions_only, false))["Versions"].dump();
}

StoredConsentType FromRow(const pqxx::row& row) {
  StoredConsentType stored;
  v1::ConsentTypeEntry& entry = stored.entry;
  if (protojson::ParseApiJson(absl::StrCat("{\"Versions\":", row[3].c_str(), "}"), &entry)) {
    throw std::runtime_error(
        absl::StrCat("stored versions of consent type ", row[0].c_str(), " do not parse"));
  }
  entry.set_type_id(row[0].as<int>());
  entry.set_type_name(row[1].as<std::string>());
  entry.set_is_active(row[2].as<bool>());
  entry.mutable_edited()->set_create_date(row[4].as<std::string>());
  entry.mutable_edited()->set_created_by(row[5].as<std::string>());
  entry.mutable_edited()->set_modified_date(row[6].as<std::string>());
  entry.mutable_edited()->set_modified_by(row[7].as<std::string>());
  stored.version = row[8].as<long long>();
  return stored;
}

// Sets IsAssociatedWithProfiles on the versions of `entries` that have decisions under them.
void MarkVersionsInUse(pqxx::transaction_base& txn, const CallContext& call,
                       const std::vector<v1::ConsentTypeEntry*>& entries) {
  nlohmann::json type_ids = nlohmann::json::array();
  for (const v1::ConsentTypeEntry* entry : entries) type_ids.push_back(entry->type_id());
  if (type_ids.empty()) return;
  std::set<int> in_use;
  for (const auto& row : kVersionsInUse.Run(txn, call.tenant, type_ids.dump())) {
    in_use.insert(row[0].as<int>());
  }
  for (v1::ConsentTypeEntry* entry : entries) {
    for (auto& version : *entry->mutable_versions()) {
      version.set_is_associated_with_profiles(in_use.contains(version.consent_version_id()));
    }
  }
}

StoredConsentType Marked(pqxx::transaction_base& txn, const CallContext& call,
                         StoredConsentType stored) {
  MarkVersionsInUse(txn, call, {&stored.entry});
  return stored;
}

}  // namespace

std::vector<int> TakenNames(pqxx::transaction_base& txn, const CallContext& call,
                            const std::vector<std::string>& names, int except_type_id) {
  auto rows = kTakenNames.Run(txn, call.tenant, nlohmann::json(names).dump(), except_type_id);
  std::vector<int> taken;
  for (const auto& row : rows) taken.push_back(row[0].as<int>());
  return taken;
}

std::vector<int> NextVersionIds(pqxx::transaction_base& txn, int count) {
  auto rows = kNextVersionIds.Run(txn, count);
  std::vector<int> ids;
  for (const auto& row : rows) ids.push_back(row[0].as<int>());
  return ids;
}

StoredConsentType Insert(pqxx::transaction_base& txn, const CallContext& call,
                         const v1::ConsentTypeEntry& entry) {
  return FromRow(kInsert.RunOne(txn, call.tenant, entry.type_name(), entry.is_active(),
                                VersionsJson(entry), entry.edited().create_date(),
                                entry.edited().created_by(), entry.edited().modified_date(),
                                entry.edited().modified_by()));
}

absl::StatusOr<StoredConsentType> Get(pqxx::transaction_base& txn, const CallContext& call,
                                      int type_id, Lock lock) {
  auto rows = kGet.Locking(lock == Lock::kForUpdate).Run(txn, call.tenant, type_id);
  if (rows.empty())
    return absl::NotFoundError(absl::StrCat("consent type ", type_id, " not found"));
  return Marked(txn, call, FromRow(rows[0]));
}

v1::ConsentTypeEntryList List(pqxx::transaction_base& txn, const CallContext& call,
                              const PageRequest& page) {
  auto rows = kList.Run(txn, call.tenant, page.after_id, page.limit);
  v1::ConsentTypeEntryList list;
  int last = 0;
  for (const auto& row : rows) {
    *list.add_consent_types() = FromRow(row).entry;
    last = list.consent_types().rbegin()->type_id();
  }
  list.set_next_page_token(NextPageToken(page, rows.size(), last));
  std::vector<v1::ConsentTypeEntry*> entries;
  for (auto& entry : *list.mutable_consent_types()) entries.push_back(&entry);
  MarkVersionsInUse(txn, call, entries);
  return list;
}

StoredConsentType Update(pqxx::transaction_base& txn, const CallContext& call,
                         const v1::ConsentTypeEntry& entry) {
  return Marked(
      txn, call,
      FromRow(kUpdate.RunOne(txn, call.tenant, entry.type_id(), entry.type_name(),
                             entry.is_active(), VersionsJson(entry), entry.edited().modified_date(),
                             entry.edited().modified_by())));
}

}  // namespace consent::consent_types
