#include "persons/person_repository.h"

#include <absl/strings/str_cat.h>

#include "common/proto_json.h"
#include "db/statement.h"

namespace consent::persons {
namespace {

constexpr char kColumns[] = "person_id, first_name, last_name, email, version";

const db::Statement kInsert(
    "persons.insert", absl::StrCat("INSERT INTO persons (tenant, first_name, last_name, email)"
                                   " VALUES ($1, $2, $3, $4) RETURNING ",
                                   kColumns));
const db::KeyedSelect kGet("persons.get",
                           absl::StrCat("SELECT ", kColumns,
                                        " FROM persons WHERE tenant = $1 AND person_id = $2"
                                        " AND deleted_at IS NULL"),
                           "FOR UPDATE");
const db::Statement kEverExisted("persons.ever_existed",
                                 "SELECT 1 FROM persons WHERE tenant = $1 AND person_id = $2");
const db::Statement kSoftDelete(
    "persons.soft_delete",
    "UPDATE persons SET deleted_at = now(), version = version + 1"
    " WHERE tenant = $1 AND person_id = $2 AND deleted_at IS NULL RETURNING person_id");
const db::Statement kList("persons.list",
                          absl::StrCat("SELECT ", kColumns,
                                       " FROM persons WHERE tenant = $1 AND person_id > $2"
                                       " AND deleted_at IS NULL ORDER BY person_id LIMIT $3"));

// One statement locks the person, upserts the decision and appends its history entry
// (see history/consent_history.h), so all three commit together with no BEGIN/COMMIT
// round trips. No row comes back when the person is unknown or deleted. The snapshot is
// the request's JSON ($6) with the stored recordedAt set.
const db::Statement kRecordDataConsent(
    "persons.record_data_consent",
    "WITH person AS (SELECT person_id FROM persons"
    "   WHERE tenant = $1 AND person_id = $2 AND deleted_at IS NULL FOR UPDATE),"
    " saved AS (INSERT INTO person_data_consents"
    "     (tenant, person_id, status, medium, description, recorded_at)"
    "   SELECT $1, person_id, $3, $4, $5, clock_timestamp() FROM person"
    "   ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status,"
    "     medium = EXCLUDED.medium, description = EXCLUDED.description,"
    "     recorded_at = EXCLUDED.recorded_at"
    "   RETURNING person_id, rfc3339(recorded_at) AS recorded_at),"
    " logged AS (INSERT INTO consent_history"
    "     (tenant, person_id, kind, action, snapshot, recorded_by, request_id)"
    "   SELECT $1, person_id, 'DataConsent', 'set',"
    "     $6::jsonb || jsonb_build_object('recordedAt', recorded_at), $7, $8 FROM saved)"
    " SELECT recorded_at FROM saved");

// A status of NULL means the person exists but has no decision recorded.
const db::Statement kGetDataConsent(
    "persons.get_data_consent",
    "SELECT c.status, c.medium, c.description, rfc3339(c.recorded_at) FROM persons p"
    " LEFT JOIN person_data_consents c ON c.tenant = p.tenant AND c.person_id = p.person_id"
    " WHERE p.tenant = $1 AND p.person_id = $2 AND p.deleted_at IS NULL");

StoredPerson FromRow(const pqxx::row& row) {
  StoredPerson stored;
  stored.person.set_person_id(row[0].as<int>());
  stored.person.set_first_name(row[1].as<std::string>());
  stored.person.set_last_name(row[2].as<std::string>());
  stored.person.set_email(row[3].as<std::string>());
  stored.version = row[4].as<long long>();
  return stored;
}

}  // namespace

StoredPerson Insert(pqxx::transaction_base& txn, const CallContext& call,
                    const v1::Person& person) {
  return FromRow(
      kInsert.RunOne(txn, call.tenant, person.first_name(), person.last_name(), person.email()));
}

absl::StatusOr<StoredPerson> Get(pqxx::transaction_base& txn, const CallContext& call,
                                 int person_id, bool for_update) {
  auto rows = kGet.Locking(for_update).Run(txn, call.tenant, person_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  return FromRow(rows[0]);
}

bool EverExisted(pqxx::transaction_base& txn, const CallContext& call, int person_id) {
  return !kEverExisted.Run(txn, call.tenant, person_id).empty();
}

absl::Status SoftDelete(pqxx::transaction_base& txn, const CallContext& call, int person_id) {
  auto rows = kSoftDelete.Run(txn, call.tenant, person_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  return absl::OkStatus();
}

v1::ListPersonsResponse List(pqxx::transaction_base& txn, const CallContext& call,
                             const PageRequest& page) {
  auto rows = kList.Run(txn, call.tenant, page.after_id, page.limit);
  v1::ListPersonsResponse response;
  int last = 0;
  for (const auto& row : rows) {
    *response.add_persons() = FromRow(row).person;
    last = response.persons().rbegin()->person_id();
  }
  response.set_next_page_token(NextPageToken(page, rows.size(), last));
  return response;
}

absl::StatusOr<v1::PersonDataConsent> RecordDataConsent(pqxx::transaction_base& txn,
                                                        const CallContext& call, int person_id,
                                                        const v1::PersonDataConsent& consent) {
  auto rows = kRecordDataConsent.Run(
      txn, call.tenant, person_id, v1::ConsentStatus_Name(consent.status()),
      consent.medium() == v1::CONSENT_MEDIUM_UNSPECIFIED ? ""
                                                         : v1::ConsentMedium_Name(consent.medium()),
      consent.description(), ToJson(consent), call.principal, call.request_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  v1::PersonDataConsent stored = consent;
  stored.set_recorded_at(rows[0][0].as<std::string>());
  return stored;
}

absl::StatusOr<v1::PersonDataConsent> GetDataConsent(pqxx::transaction_base& txn,
                                                     const CallContext& call, int person_id) {
  auto rows = kGetDataConsent.Run(txn, call.tenant, person_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  const pqxx::row& row = rows[0];
  if (row[0].is_null()) {
    return absl::NotFoundError(absl::StrCat("person ", person_id, " has no data consent recorded"));
  }
  v1::PersonDataConsent consent;
  v1::ConsentStatus status = v1::CONSENT_STATUS_UNSPECIFIED;
  v1::ConsentMedium medium = v1::CONSENT_MEDIUM_UNSPECIFIED;
  v1::ConsentStatus_Parse(row[0].as<std::string>(), &status);
  v1::ConsentMedium_Parse(row[1].as<std::string>(), &medium);
  consent.set_status(status);
  consent.set_medium(medium);
  consent.set_description(row[2].as<std::string>());
  consent.set_recorded_at(row[3].as<std::string>());
  return consent;
}

}  // namespace consent::persons
