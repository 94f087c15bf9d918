#include "server/persons/person_repository.h"

#include <optional>

#include <absl/strings/escaping.h>
#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/api_json.h"
#include "server/db/statement.h"
#include "server/ledger/event_append.h"

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
// round trips. No row comes back when the person is unknown or deleted, or, with
// `lock` "FOR UPDATE SKIP LOCKED", locked by another transaction. The snapshot is the
// request's JSON ($6) with the stored recordedAt set. The decision's ledger event ($9, see
// ledger/event_append.h) is appended with it and gives its recordedAt. Returns recorded_at
// and version.
std::string RecordDataConsentSql(const std::string& lock) {
  return absl::StrCat(
      "WITH person AS (SELECT person_id FROM persons"
      "   WHERE tenant = $1 AND person_id = $2 AND deleted_at IS NULL ",
      lock,
      "),"
      " saved AS (INSERT INTO person_data_consents"
      "     (tenant, person_id, status, medium, description, recorded_at)"
      "   SELECT $1, person_id, $3, $4, $5, ($9::jsonb->>'recorded_at')::timestamptz"
      "   FROM person"
      "   ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status,"
      "     medium = EXCLUDED.medium, description = EXCLUDED.description,"
      "     recorded_at = EXCLUDED.recorded_at, version = person_data_consents.version + 1"
      "   RETURNING person_id, rfc3339(recorded_at) AS recorded_at, version),"
      " logged AS (INSERT INTO consent_history"
      "     (tenant, person_id, kind, action, snapshot, recorded_by, request_id)"
      "   SELECT $1, person_id, 'DataConsent', 'set',"
      "     $6::jsonb || jsonb_build_object('recordedAt', recorded_at), $7, $8 FROM saved),"
      " ev AS (SELECT e.* FROM saved, jsonb_to_record($9::jsonb) AS e(",
      ledger::kEventColumns, ")),", ledger::AppendEventsSql("ev"),
      " SELECT recorded_at, version FROM saved");
}
const db::Statement kRecordDataConsent("persons.record_data_consent",
                                       RecordDataConsentSql("FOR UPDATE"));
const db::Statement kRecordDataConsentUnlessLocked("persons.record_data_consent_unless_locked",
                                                   RecordDataConsentSql("FOR UPDATE SKIP LOCKED"));

// kRecordDataConsentUnlessLocked for several decisions (of distinct persons) at once, so
// they share one statement and one commit. $1 is a JSON array of {i, tenant, person_id,
// status, medium, description, snapshot, recorded_by, request_id, method, idem_key,
// key_lock, fingerprint, event}, method to fingerprint null for a decision sent without an
// idempotency key, event its ledger event (as kRecordDataConsent's $9). A decision with a key
// already used (in `seen`, by the statement's snapshot) is not written: its first answer comes back
// instead. Otherwise the statement takes the key's advisory lock unless a concurrent call holds it
// (skipped then, as a locked person is), and remembers the key with the decision, in the same
// statement: both commit or neither does. Should a concurrent call commit the key after this
// statement's snapshot was taken, the insert into idempotent_requests fails the whole statement, so
// nothing is written twice. Returns `i` with recorded_at and version of each decision recorded, and
// `i` with the version, fingerprint and age of each key found used.
const db::Statement kRecordDataConsentsUnlessLocked(
    "persons.record_data_consents_unless_locked",
    absl::StrCat(
        "WITH req AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(i int, tenant text,"
        "     person_id int, status text, medium text, description text, snapshot text,"
        "     recorded_by text, request_id text, method text, idem_key text, key_lock text,"
        "     fingerprint text, event jsonb)),"
        " seen AS (SELECT r.i, k.version, k.fingerprint,"
        "     extract(epoch FROM now() - k.created_at)::float8 AS age"
        "   FROM req r JOIN idempotent_requests k ON k.tenant = r.tenant"
        "     AND k.method = r.method AND k.request_id = r.idem_key),"
        " claimed AS (SELECT r.i FROM req r WHERE r.idem_key IS NULL"
        "   OR (r.i NOT IN (SELECT i FROM seen)"
        "     AND pg_try_advisory_xact_lock(",
        KeyLockIdSql("r.key_lock"),
        "))),"
        " person AS (SELECT r.i FROM claimed JOIN req r USING (i) CROSS JOIN LATERAL"
        "   (SELECT 1 FROM persons p WHERE p.tenant = r.tenant AND p.person_id = r.person_id"
        "     AND p.deleted_at IS NULL FOR UPDATE SKIP LOCKED) locked),"
        " saved AS (INSERT INTO person_data_consents"
        "     (tenant, person_id, status, medium, description, recorded_at)"
        "   SELECT r.tenant, r.person_id, r.status, r.medium, r.description,"
        "     (r.event->>'recorded_at')::timestamptz"
        "   FROM person JOIN req r USING (i)"
        "   ON CONFLICT (tenant, person_id) DO UPDATE SET status = EXCLUDED.status,"
        "     medium = EXCLUDED.medium, description = EXCLUDED.description,"
        "     recorded_at = EXCLUDED.recorded_at, version = person_data_consents.version + 1"
        "   RETURNING tenant, person_id, rfc3339(recorded_at) AS recorded_at, version),"
        " logged AS (INSERT INTO consent_history"
        "     (tenant, person_id, kind, action, snapshot, recorded_by, request_id)"
        "   SELECT s.tenant, s.person_id, 'DataConsent', 'set',"
        "     r.snapshot::jsonb || jsonb_build_object('recordedAt', s.recorded_at),"
        "     r.recorded_by, r.request_id FROM saved s JOIN req r USING (tenant, person_id)),"
        // SetPersonConsent answers Empty, whose serialization is empty.
        " remembered AS (INSERT INTO idempotent_requests"
        "     (tenant, method, request_id, fingerprint, response, version)"
        "   SELECT r.tenant, r.method, r.idem_key, decode(r.fingerprint, 'hex'), ''::bytea,"
        "     s.version FROM saved s JOIN req r USING (tenant, person_id)"
        "   WHERE r.idem_key IS NOT NULL),"
        " ev AS (SELECT e.* FROM saved s JOIN req r USING (tenant, person_id)"
        "   CROSS JOIN LATERAL jsonb_to_record(r.event) AS e(",
        ledger::kEventColumns, ")),", ledger::AppendEventsSql("ev"),
        " SELECT r.i, s.recorded_at, s.version, NULL::bytea, NULL::float8"
        "   FROM saved s JOIN req r USING (tenant, person_id)"
        " UNION ALL SELECT i, NULL, version, fingerprint, age FROM seen"));

std::string StatusColumn(const v1::PersonDataConsent& consent) {
  return v1::ConsentStatus_Name(consent.status());
}

std::string MediumColumn(const v1::PersonDataConsent& consent) {
  return consent.medium() == v1::CONSENT_MEDIUM_UNSPECIFIED
             ? ""
             : v1::ConsentMedium_Name(consent.medium());
}

// The decision as stored, from a row whose columns `first` and `first + 1` are recorded_at
// and version.
StoredDataConsent Recorded(const DataConsentDecision& decision, const pqxx::row& row, int first) {
  StoredDataConsent stored{*decision.consent, row[first + 1].as<long long>()};
  stored.consent.set_recorded_at(row[first].as<std::string>());
  return stored;
}

// A status of NULL means the person exists but has no decision recorded.
const db::Statement kGetDataConsent(
    "persons.get_data_consent",
    "SELECT c.status, c.medium, c.description, rfc3339(c.recorded_at), c.version FROM persons p"
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

// The ledger event of a data-consent decision, recorded now.
nlohmann::json DataConsentEvent(const DataConsentDecision& d) {
  v1::ConsentEvent event;
  event.set_person_id(d.person_id);
  event.set_data_consent(true);
  event.set_medium(d.consent->medium());
  event.set_state(ledger::FromStatus(d.consent->status()));
  event.set_description(d.consent->description());
  return ledger::EventRecord(*d.call, ledger::Prepare(*d.call, std::move(event), absl::Now()));
}

pqxx::result RunRecordDataConsent(pqxx::transaction_base& txn, const db::Statement& statement,
                                  const DataConsentDecision& d) {
  return statement.Run(txn, d.call->tenant, d.person_id, StatusColumn(*d.consent),
                       MediumColumn(*d.consent), d.consent->description(),
                       protojson::ToApiJson(*d.consent, false), d.call->principal,
                       d.call->request_id, DataConsentEvent(d).dump());
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

absl::StatusOr<StoredDataConsent> RecordDataConsent(pqxx::transaction_base& txn,
                                                    const DataConsentDecision& decision) {
  auto rows = RunRecordDataConsent(txn, kRecordDataConsent, decision);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("person ", decision.person_id, " not found"));
  }
  return Recorded(decision, rows[0], 0);
}

std::vector<BatchedDecision> RecordDataConsentsUnlessLocked(
    pqxx::transaction_base& txn, const std::vector<DataConsentDecision>& decisions) {
  std::vector<BatchedDecision> batched(decisions.size());
  auto keyed = [](const DataConsentDecision& d) { return d.key != nullptr && !d.key->empty(); };
  if (decisions.size() == 1 && !keyed(decisions[0])) {  // the plain statement skips the JSON
    auto rows = RunRecordDataConsent(txn, kRecordDataConsentUnlessLocked, decisions[0]);
    if (!rows.empty()) batched[0].recorded = Recorded(decisions[0], rows[0], 0);
    return batched;
  }
  nlohmann::json request = nlohmann::json::array();
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const DataConsentDecision& d = decisions[i];
    nlohmann::json decision = {{"i", i},
                               {"tenant", d.call->tenant},
                               {"person_id", d.person_id},
                               {"status", StatusColumn(*d.consent)},
                               {"medium", MediumColumn(*d.consent)},
                               {"description", d.consent->description()},
                               {"snapshot", protojson::ToApiJson(*d.consent, false)},
                               {"recorded_by", d.call->principal},
                               {"request_id", d.call->request_id},
                               {"event", DataConsentEvent(d)}};
    if (keyed(d)) {
      decision["method"] = d.key->method;
      decision["idem_key"] = d.key->key;
      decision["key_lock"] = d.key->LockName(*d.call);
      decision["fingerprint"] = absl::BytesToHexString(d.key->fingerprint);
    }
    request.push_back(std::move(decision));
  }
  for (const auto& row : kRecordDataConsentsUnlessLocked.Run(txn, request.dump())) {
    auto i = row[0].as<std::size_t>();
    if (!row[1].is_null()) {
      batched[i].recorded = Recorded(decisions[i], row, 1);
      continue;
    }
    RememberedAnswer& answer = batched[i].remembered.emplace();
    answer.version = row[2].as<long long>();
    if (!row[3].is_null()) answer.fingerprint = pqxx::binarystring(row[3]).str();
    answer.age_seconds = row[4].as<double>();
  }
  return batched;
}

absl::StatusOr<StoredDataConsent> GetDataConsent(pqxx::transaction_base& txn,
                                                 const CallContext& call, int person_id) {
  auto rows = kGetDataConsent.Run(txn, call.tenant, person_id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  const pqxx::row& row = rows[0];
  if (row[0].is_null()) {
    return absl::NotFoundError(absl::StrCat("person ", person_id, " has no data consent recorded"));
  }
  StoredDataConsent stored{{}, row[4].as<long long>()};
  v1::PersonDataConsent& consent = stored.consent;
  v1::ConsentStatus status = v1::CONSENT_STATUS_UNSPECIFIED;
  v1::ConsentMedium medium = v1::CONSENT_MEDIUM_UNSPECIFIED;
  v1::ConsentStatus_Parse(row[0].as<std::string>(), &status);
  v1::ConsentMedium_Parse(row[1].as<std::string>(), &medium);
  consent.set_status(status);
  consent.set_medium(medium);
  consent.set_description(row[2].as<std::string>());
  consent.set_recorded_at(row[3].as<std::string>());
  return stored;
}

}  // namespace consent::persons
