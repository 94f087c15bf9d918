#include "server/ledger/ledger_repository.h"

#include <limits>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/str_cat.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/json_parse.h"
#include "server/db/statement.h"

namespace consent::ledger {
namespace {

// $1: a JSON array of EventRecord objects, one per person. Events of unknown, deleted or
// erased persons are left out of `appended`. The person is looked up per event by its
// primary key, in a LATERAL the planner cannot flatten: as an EXISTS it became a hash
// semi-join over every person (see kLatestDecisions).
const db::Statement kAppend(
    "ledger.append",
    absl::StrCat("WITH ev AS (SELECT e.* FROM jsonb_to_recordset($1::jsonb) AS e(", kEventColumns,
                 ") CROSS JOIN LATERAL (SELECT 1 FROM persons p WHERE p.tenant = e.tenant"
                 "   AND p.person_id = e.person_id AND p.deleted_at IS NULL"
                 "   AND p.erased_at IS NULL LIMIT 1) p),",
                 AppendEventsSql("ev"),
                 " SELECT event_id::text, sequence, encode(prev_hash, 'hex'),"
                 " encode(hash, 'hex') FROM appended"));

// An event with its details (absent once erased), as FromRow reads it.
constexpr char kEventSelect[] =
    "SELECT e.event_id::text, e.person_id, e.subject_kind, e.subject_id, e.version_id,"
    " e.medium, e.state, e.legal_base_id, e.source_id, e.notice::text, rfc3339(e.collected_at),"
    " rfc3339(e.recorded_at), e.recorded_by, e.request_id, coalesce(rfc3339(e.expires_at), ''),"
    " encode(e.details_digest, 'hex'), e.sequence, encode(e.prev_hash, 'hex'),"
    " encode(e.hash, 'hex'), encode(d.salt, 'hex'), d.description, d.evidence::text"
    " FROM consent_events e LEFT JOIN consent_event_details d"
    "   ON d.tenant = e.tenant AND d.event_id = e.event_id";

const db::Statement kListEvents(
    "ledger.list_events",
    absl::StrCat(kEventSelect,
                 " WHERE e.tenant = $1 AND e.person_id = $2 AND e.sequence < $3"
                 " ORDER BY e.sequence DESC LIMIT $4"));
const db::Statement kGetEvent("ledger.get_event",
                              absl::StrCat(kEventSelect,
                                           " WHERE e.tenant = $1 AND e.event_id = $2::uuid"));
const db::Statement kPersonEverExisted(
    "ledger.person_ever_existed",
    "SELECT deleted_at IS NULL AND erased_at IS NULL FROM persons"
    " WHERE tenant = $1 AND person_id = $2");

// What decides a check, of the event `e` as of $3: as ReadDeciding reads it. A type's
// decision counts only while the type and the version it was made under are active.
// Instants as microseconds since the epoch, written as RFC 3339 by ReadDeciding: rfc3339()
// (to_char) cost PostgreSQL about 3 us each, a third of a check's cost, and a check of 1000
// reads 3000 of them.
constexpr char kDecidingColumns[] =
    " e.event_id::text, e.version_id, (extract(epoch FROM e.recorded_at) * 1000000)::bigint,"
    " e.recorded_by, (extract(epoch FROM e.expires_at) * 1000000)::bigint,"
    " (extract(epoch FROM e.collected_at) * 1000000)::bigint, e.state,"
    " (e.expires_at IS NOT NULL AND e.expires_at <= $3::timestamptz),"
    " (e.subject_kind = 'type' AND NOT EXISTS (SELECT 1 FROM consent_types t"
    "   CROSS JOIN LATERAL jsonb_array_elements(t.versions) v"
    "   WHERE t.tenant = e.tenant AND t.type_id = e.subject_id AND t.is_active"
    "   AND (v->>'ConsentVersionId')::int = e.version_id"
    "   AND coalesce((v->>'IsActive')::boolean, false)))";

// $2: [{i, person_id, kind, subject_id, medium}]. The newest event recorded up to $3 per
// check (by the index consent_events_by_subject); a medium-less event counts for any medium.
// The person is looked up inside the LATERAL, per check by its primary key: joined outside
// it, the planner (which guesses 100 rows for jsonb_to_recordset) hashed every person of the
// tenant for each call (23x the database CPU of a single check; tests/bench).
const db::Statement kLatestDecisions(
    "ledger.latest_decisions",
    absl::StrCat("WITH c AS (SELECT * FROM jsonb_to_recordset($2::jsonb)"
                 "   AS c(i int, person_id int, kind text, subject_id int, medium text))"
                 " SELECT c.i, d.* FROM c CROSS JOIN LATERAL (SELECT",
                 kDecidingColumns,
                 "   FROM persons p JOIN consent_events e ON e.tenant = p.tenant AND e.person_id = "
                 "p.person_id"
                 "   WHERE p.tenant = $1 AND p.person_id = c.person_id"
                 "   AND p.deleted_at IS NULL AND p.erased_at IS NULL"
                 "   AND e.tenant = $1 AND e.person_id = c.person_id"
                 "   AND e.subject_kind = c.kind AND e.subject_id = c.subject_id"
                 "   AND e.recorded_at <= $3::timestamptz"
                 "   AND (c.medium = '' OR e.medium = '' OR e.medium = c.medium)"
                 "   ORDER BY e.recorded_at DESC, e.sequence DESC LIMIT 1) d"));

const db::Statement kPersonDecisions(
    "ledger.person_decisions",
    absl::StrCat("SELECT DISTINCT ON (e.subject_kind, e.subject_id, e.medium)"
                 " e.subject_kind, e.subject_id, e.medium,",
                 kDecidingColumns,
                 " FROM consent_events e WHERE e.tenant = $1 AND e.person_id = $2"
                 "   AND e.recorded_at <= $3::timestamptz"
                 " ORDER BY e.subject_kind, e.subject_id, e.medium, e.recorded_at DESC,"
                 "   e.sequence DESC"));

v1::ConsentMedium ParseMedium(const std::string& name) {
  v1::ConsentMedium medium = v1::CONSENT_MEDIUM_UNSPECIFIED;
  if (!name.empty()) v1::ConsentMedium_Parse(name, &medium);
  return medium;
}

v1::ConsentEvent::State ParseState(const std::string& name) {
  v1::ConsentEvent::State state = v1::ConsentEvent::STATE_UNSPECIFIED;
  v1::ConsentEvent::State_Parse(name, &state);
  return state;
}

// Sets the subject of `e` (an event or a check) from its columns.
template <typename Message>
void SetSubject(const std::string& kind, int id, int version, Message* e) {
  if (kind == "data_consent") {
    e->set_data_consent(true);
  } else if (kind == "purpose") {
    e->set_consent_purpose_id(id);
  } else {
    e->set_consent_type_id(id);
    if constexpr (std::is_same_v<Message, v1::ConsentEvent>) e->set_consent_version_id(version);
  }
}

absl::StatusOr<v1::ConsentEvent> FromRow(const pqxx::row& row) {
  v1::ConsentEvent e;
  e.set_event_id(row[0].as<std::string>());
  e.set_person_id(row[1].as<int>());
  SetSubject(row[2].as<std::string>(), row[3].as<int>(), row[4].as<int>(), &e);
  e.set_medium(ParseMedium(row[5].as<std::string>()));
  e.set_state(ParseState(row[6].as<std::string>()));
  e.set_legal_base_id(row[7].as<int>());
  e.set_consent_source_id(row[8].as<int>());
  if (protojson::ParseApiJson(row[9].as<std::string>(), e.mutable_notice())) {
    return absl::InternalError("stored consent notice is unreadable");
  }
  e.set_collected_at(row[10].as<std::string>());
  e.set_recorded_at(row[11].as<std::string>());
  e.set_recorded_by(row[12].as<std::string>());
  e.set_request_id(row[13].as<std::string>());
  e.set_expires_at(row[14].as<std::string>());
  e.set_details_digest(row[15].as<std::string>());
  e.set_sequence(row[16].as<long long>());
  e.set_prev_hash(row[17].as<std::string>());
  e.set_hash(row[18].as<std::string>());
  if (row[19].is_null()) {
    e.set_erased(true);
    return e;
  }
  e.set_details_salt(row[19].as<std::string>());
  e.set_description(row[20].as<std::string>());
  if (protojson::ParseApiJson(row[21].as<std::string>(), e.mutable_evidence())) {
    return absl::InternalError("stored consent evidence is unreadable");
  }
  return e;
}

// kDecidingColumns from column `first` on.
Deciding ReadDeciding(const pqxx::row& row, int first) {
  Deciding d;
  d.event.set_event_id(row[first].as<std::string>());
  d.event.set_consent_version_id(row[first + 1].as<int>());
  d.event.set_recorded_at(Rfc3339(absl::FromUnixMicros(row[first + 2].as<long long>())));
  d.event.set_recorded_by(row[first + 3].as<std::string>());
  if (!row[first + 4].is_null()) {
    d.event.set_expires_at(Rfc3339(absl::FromUnixMicros(row[first + 4].as<long long>())));
  }
  d.event.set_collected_at(Rfc3339(absl::FromUnixMicros(row[first + 5].as<long long>())));
  d.event.set_state(ParseState(row[first + 6].as<std::string>()));
  d.expired = row[first + 7].as<bool>();
  d.version_inactive = row[first + 8].as<bool>();
  return d;
}

}  // namespace

std::vector<absl::Status> AppendAll(pqxx::transaction_base& txn,
                                    const std::vector<Appending>& events) {
  nlohmann::json records = nlohmann::json::array();
  for (const Appending& a : events) records.push_back(EventRecord(*a.call, *a.event));
  absl::flat_hash_map<std::string, NewEvent*> by_id;
  for (const Appending& a : events) by_id[a.event->event.event_id()] = a.event;
  for (const auto& row : kAppend.Run(txn, records.dump())) {
    v1::ConsentEvent& e = by_id.at(row[0].as<std::string>())->event;
    e.set_sequence(row[1].as<long long>());
    e.set_prev_hash(row[2].as<std::string>());
    e.set_hash(row[3].as<std::string>());
  }
  std::vector<absl::Status> out;
  out.reserve(events.size());
  for (const Appending& a : events) {
    const v1::ConsentEvent& e = a.event->event;
    out.push_back(e.sequence() != 0
                      ? absl::OkStatus()
                      : absl::NotFoundError(absl::StrCat("person ", e.person_id(), " not found")));
  }
  return out;
}

absl::Status Append(pqxx::transaction_base& txn, const CallContext& call, NewEvent& event) {
  return AppendAll(txn, {{&call, &event}})[0];
}

std::vector<std::optional<Deciding>> LatestDecisions(pqxx::transaction_base& txn,
                                                     const std::string& tenant,
                                                     const std::vector<CheckKey>& keys,
                                                     absl::Time at) {
  nlohmann::json checks = nlohmann::json::array();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const CheckKey& k = keys[i];
    checks.push_back({{"i", i},
                      {"person_id", k.person_id},
                      {"kind", k.subject_kind},
                      {"subject_id", k.subject_id},
                      {"medium", k.medium}});
  }
  std::vector<std::optional<Deciding>> out(keys.size());
  for (const auto& row : kLatestDecisions.Run(txn, tenant, checks.dump(), Rfc3339(at))) {
    out[row[0].as<std::size_t>()] = ReadDeciding(row, 1);
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<v1::ConsentCheck, Deciding>>> PersonDecisions(
    pqxx::transaction_base& txn, const CallContext& call, int person_id, absl::Time at) {
  auto person = kPersonEverExisted.Run(txn, call.tenant, person_id);
  if (person.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  std::vector<std::pair<v1::ConsentCheck, Deciding>> out;
  if (!person[0][0].as<bool>()) return out;  // deleted or erased: nothing decides for them
  for (const auto& row : kPersonDecisions.Run(txn, call.tenant, person_id, Rfc3339(at))) {
    v1::ConsentCheck check;
    check.set_person_id(person_id);
    SetSubject(row[0].as<std::string>(), row[1].as<int>(), 0, &check);
    check.set_medium(ParseMedium(row[2].as<std::string>()));
    out.emplace_back(std::move(check), ReadDeciding(row, 3));
  }
  return out;
}

absl::StatusOr<v1::ListConsentEventsResponse> ListEvents(pqxx::transaction_base& txn,
                                                         const CallContext& call, int person_id,
                                                         const PageRequest& page) {
  if (kPersonEverExisted.Run(txn, call.tenant, person_id).empty()) {
    return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  }
  // Newest first, so the keyset runs downwards: the token holds the last (smallest) sequence.
  long long before = page.after_id == 0 ? std::numeric_limits<long long>::max() : page.after_id;
  auto rows = kListEvents.Run(txn, call.tenant, person_id, before, page.limit);
  v1::ListConsentEventsResponse response;
  long long last = 0;
  for (const auto& row : rows) {
    auto event = FromRow(row);
    if (!event.ok()) return event.status();
    last = event->sequence();
    *response.add_events() = *std::move(event);
  }
  response.set_next_page_token(NextPageToken(page, rows.size(), last));
  return response;
}

absl::StatusOr<v1::ConsentEvent> GetEvent(pqxx::transaction_base& txn, const CallContext& call,
                                          const std::string& event_id) {
  auto rows = kGetEvent.Run(txn, call.tenant, event_id);
  if (rows.empty())
    return absl::NotFoundError(absl::StrCat("consent event ", event_id, " not found"));
  return FromRow(rows[0]);
}

}  // namespace consent::ledger
