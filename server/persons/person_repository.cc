#include "persons/person_repository.h"

#include <absl/strings/str_cat.h>

namespace consent::persons {
namespace {

constexpr char kColumns[] = "person_id, first_name, last_name, email, version";

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

StoredPerson Insert(pqxx::work& txn, const CallContext& call, const v1::Person& person) {
  return FromRow(txn.exec_params1(
      absl::StrCat("INSERT INTO persons (tenant, first_name, last_name, email)"
                   " VALUES ($1, $2, $3, $4) RETURNING ", kColumns),
      call.tenant, person.first_name(), person.last_name(), person.email()));
}

absl::StatusOr<StoredPerson> Get(pqxx::work& txn, const CallContext& call, int person_id,
                                 bool for_update) {
  auto rows = txn.exec_params(
      absl::StrCat("SELECT ", kColumns, " FROM persons WHERE tenant = $1 AND person_id = $2"
                   " AND deleted_at IS NULL", for_update ? " FOR UPDATE" : ""),
      call.tenant, person_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  return FromRow(rows[0]);
}

absl::Status SoftDelete(pqxx::work& txn, const CallContext& call, int person_id) {
  auto rows = txn.exec_params(
      "UPDATE persons SET deleted_at = now(), version = version + 1"
      " WHERE tenant = $1 AND person_id = $2 AND deleted_at IS NULL RETURNING person_id",
      call.tenant, person_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  return absl::OkStatus();
}

v1::ListPersonsResponse List(pqxx::work& txn, const CallContext& call, const PageRequest& page) {
  auto rows = txn.exec_params(
      absl::StrCat("SELECT ", kColumns, " FROM persons WHERE tenant = $1 AND person_id > $2"
                   " AND deleted_at IS NULL ORDER BY person_id LIMIT $3"),
      call.tenant, page.after_id, page.limit);
  v1::ListPersonsResponse response;
  int last = 0;
  for (const auto& row : rows) {
    *response.add_persons() = FromRow(row).person;
    last = response.persons().rbegin()->person_id();
  }
  response.set_next_page_token(NextPageToken(page, rows.size(), last));
  return response;
}

v1::PersonDataConsent SetDataConsent(pqxx::work& txn, const CallContext& call, int person_id,
                                     const v1::PersonDataConsent& consent) {
  auto row = txn.exec_params1(
      "INSERT INTO person_data_consents (tenant, person_id, status, medium, description,"
      " recorded_at) VALUES ($1, $2, $3, $4, $5, clock_timestamp())"
      " ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status,"
      " medium = EXCLUDED.medium, description = EXCLUDED.description,"
      " recorded_at = EXCLUDED.recorded_at RETURNING rfc3339(recorded_at)",
      call.tenant, person_id, v1::ConsentStatus_Name(consent.status()),
      consent.medium() == v1::CONSENT_MEDIUM_UNSPECIFIED ? ""
                                                         : v1::ConsentMedium_Name(consent.medium()),
      consent.description());
  v1::PersonDataConsent stored = consent;
  stored.set_recorded_at(row[0].as<std::string>());
  return stored;
}

std::optional<v1::PersonDataConsent> GetDataConsent(pqxx::work& txn, const CallContext& call,
                                                    int person_id) {
  auto rows = txn.exec_params(
      "SELECT status, medium, description, rfc3339(recorded_at) FROM person_data_consents"
      " WHERE tenant = $1 AND person_id = $2",
      call.tenant, person_id);
  if (rows.empty()) return std::nullopt;
  v1::PersonDataConsent consent;
  v1::ConsentStatus status = v1::CONSENT_STATUS_UNSPECIFIED;
  v1::ConsentMedium medium = v1::CONSENT_MEDIUM_UNSPECIFIED;
  v1::ConsentStatus_Parse(rows[0][0].as<std::string>(), &status);
  v1::ConsentMedium_Parse(rows[0][1].as<std::string>(), &medium);
  consent.set_status(status);
  consent.set_medium(medium);
  consent.set_description(rows[0][2].as<std::string>());
  consent.set_recorded_at(rows[0][3].as<std::string>());
  return consent;
}

}  // namespace consent::persons
