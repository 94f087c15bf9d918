#include "server/history/consent_history.h"

#include <limits>

#include "lib/protojson/api_json.h"
#include "lib/protojson/json_parse.h"
#include "server/db/statement.h"

namespace consent::history {
namespace {

const db::Statement kAppend(
    "history.append",
    "INSERT INTO consent_history (tenant, person_id, kind, action, snapshot, recorded_by,"
    " request_id) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)");
const db::Statement kAppendConsentType(
    "history.append_consent_type",
    "INSERT INTO consent_type_history (tenant, type_id, action, snapshot, recorded_by,"
    " request_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6)");
const db::Statement kList(
    "history.list",
    "SELECT entry_id, kind, action, snapshot::text, rfc3339(recorded_at), recorded_by,"
    " request_id FROM consent_history WHERE tenant = $1 AND person_id = $2 AND entry_id < $3"
    " ORDER BY entry_id DESC LIMIT $4");

void Append(pqxx::transaction_base& txn, const CallContext& call, int person_id, const char* kind,
            const std::string& action, const google::protobuf::Message& snapshot) {
  kAppend.Run(txn, call.tenant, person_id, kind, action, protojson::ToApiJson(snapshot, false),
              call.principal, call.request_id);
}

}  // namespace

void AppendConsentPerson(pqxx::transaction_base& txn, const CallContext& call,
                         const std::string& action, const v1::ConsentPerson& consent_person) {
  Append(txn, call, consent_person.person_id(), "ConsentPerson", action, consent_person);
}

void AppendConsentType(pqxx::transaction_base& txn, const CallContext& call,
                       const std::string& action, const v1::ConsentTypeEntry& entry) {
  kAppendConsentType.Run(txn, call.tenant, entry.type_id(), action,
                         protojson::ToApiJson(entry, false), call.principal, call.request_id);
}

absl::StatusOr<v1::ListConsentHistoryResponse> List(pqxx::transaction_base& txn,
                                                    const CallContext& call, int person_id,
                                                    const PageRequest& page) {
  // Newest first, so the keyset runs downwards: the token holds the last (smallest) id.
  long long before = page.after_id == 0 ? std::numeric_limits<long long>::max() : page.after_id;
  auto rows = kList.Run(txn, call.tenant, person_id, before, page.limit);
  v1::ListConsentHistoryResponse response;
  long long last = 0;
  for (const auto& row : rows) {
    auto* entry = response.add_entries();
    last = row[0].as<long long>();
    entry->set_entry_id(last);
    entry->set_person_id(person_id);
    entry->set_kind(row[1].as<std::string>());
    entry->set_action(row[2].as<std::string>());
    auto snapshot = row[3].as<std::string>();
    auto unreadable = entry->kind() == "DataConsent"
                          ? protojson::ParseApiJson(snapshot, entry->mutable_data_consent())
                          : protojson::ParseApiJson(snapshot, entry->mutable_consent_person());
    if (unreadable) return absl::InternalError("stored history entry is unreadable");
    entry->set_recorded_at(row[4].as<std::string>());
    entry->set_recorded_by(row[5].as<std::string>());
    entry->set_request_id(row[6].as<std::string>());
  }
  response.set_next_page_token(NextPageToken(page, rows.size(), last));
  return response;
}

}  // namespace consent::history
