#include "server/person_data/person_export.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include <absl/time/clock.h>

#include "server/consent_persons/consent_person_references.h"
#include "server/consent_persons/consent_person_repository.h"
#include "server/db/statement.h"
#include "server/history/consent_history.h"
#include "server/ledger/ledger_proofs.h"
#include "server/ledger/ledger_repository.h"
#include "server/list_items/list_item_mapper.h"
#include "server/list_items/list_item_repository.h"
#include "server/persons/person_repository.h"

namespace consent::person_data {
namespace {

const db::Statement kConsentPersonIds(
    "person_data.consent_person_ids",
    "SELECT consent_person_id FROM consent_persons WHERE tenant = $1 AND person_id = $2"
    " ORDER BY consent_person_id");

// Every page of a newest-first list, oldest first: `page_below(page)` lists a page below
// `page.after_id` (0: from the top), `id_of(item)` is what orders the list.
template <typename Item, typename PageBelow, typename IdOf>
std::vector<Item> OldestFirst(PageBelow page_below, IdOf id_of) {
  std::vector<Item> items;
  PageRequest page;
  page.limit = kMaxPageSize;
  for (;;) {
    std::vector<Item> got = page_below(page);
    for (auto& item : got) items.push_back(std::move(item));
    if (static_cast<int>(got.size()) < page.limit) break;
    page.after_id = id_of(items.back());
  }
  std::reverse(items.begin(), items.end());
  return items;
}

std::vector<v1::ConsentHistoryEntry> History(pqxx::transaction_base& txn, const CallContext& call,
                                             int person_id) {
  return OldestFirst<v1::ConsentHistoryEntry>(
      [&](const PageRequest& page) {
        auto listed = history::List(txn, call, person_id, page);
        if (!listed.ok()) return std::vector<v1::ConsentHistoryEntry>();
        return std::vector(listed->entries().begin(), listed->entries().end());
      },
      [](const v1::ConsentHistoryEntry& entry) { return entry.entry_id(); });
}

std::vector<v1::ConsentEvent> Events(pqxx::transaction_base& txn, const CallContext& call,
                                     int person_id) {
  return OldestFirst<v1::ConsentEvent>(
      [&](const PageRequest& page) {
        auto listed = ledger::ListEvents(txn, call, person_id, page);
        if (!listed.ok()) return std::vector<v1::ConsentEvent>();
        return std::vector(listed->events().begin(), listed->events().end());
      },
      [](const v1::ConsentEvent& event) { return event.sequence(); });
}

// The item of `kind` with `id` into `item`; false when there is none.
bool ReadItem(pqxx::transaction_base& txn, const CallContext& call, int id,
              google::protobuf::Message* item) {
  if (id == 0) return false;
  auto row = list_items::Get(txn, call, list_items::KindOf(*item), id);
  if (!row.ok()) return false;
  list_items::ItemFromRow(*row, item);
  return true;
}

void AddListItems(pqxx::transaction_base& txn, const CallContext& call,
                  const std::vector<v1::ConsentEvent>& events,
                  std::vector<v1::PersonExportItem>& items) {
  std::set<int> purposes, bases, sources;
  for (const auto& event : events) {
    purposes.insert(event.consent_purpose_id());
    bases.insert(event.legal_base_id());
    sources.insert(event.consent_source_id());
  }
  for (int id : purposes) {
    v1::PersonExportItem item;
    if (ReadItem(txn, call, id, item.mutable_consent_purpose())) items.push_back(std::move(item));
  }
  for (int id : bases) {
    v1::PersonExportItem item;
    if (ReadItem(txn, call, id, item.mutable_legal_base())) items.push_back(std::move(item));
  }
  for (int id : sources) {
    v1::PersonExportItem item;
    if (ReadItem(txn, call, id, item.mutable_consent_source())) items.push_back(std::move(item));
  }
}

}  // namespace

absl::StatusOr<std::vector<v1::PersonExportItem>> ExportPerson(pqxx::transaction_base& txn,
                                                               const CallContext& call,
                                                               int person_id,
                                                               const ledger::SigningKey& key) {
  if (!persons::EverExisted(txn, call, person_id)) {
    return absl::NotFoundError("no such person");
  }
  std::vector<v1::PersonExportItem> items;
  if (auto person = persons::Get(txn, call, person_id); person.ok()) {
    *items.emplace_back().mutable_person() = std::move(person->person);
  }
  if (auto consent = persons::GetDataConsent(txn, call, person_id); consent.ok()) {
    *items.emplace_back().mutable_data_consent() = std::move(consent->consent);
  }
  for (const auto& row : kConsentPersonIds.Run(txn, call.tenant, person_id)) {
    auto stored = consent_persons::Get(txn, call, row[0].as<int>());
    if (!stored.ok()) continue;
    auto resolved = consent_persons::Resolve(txn, call, *stored);
    if (resolved.ok()) *items.emplace_back().mutable_consent_person() = *std::move(resolved);
  }
  for (auto& entry : History(txn, call, person_id)) {
    *items.emplace_back().mutable_history_entry() = std::move(entry);
  }
  const std::vector<v1::ConsentEvent> events = Events(txn, call, person_id);
  for (const auto& event : events) *items.emplace_back().mutable_event() = event;
  AddListItems(txn, call, events, items);
  std::vector<ledger::ChainHead> heads;
  *items.emplace_back().mutable_checkpoint() =
      ledger::Checkpoint(txn, call.tenant, key, absl::Now(), &heads);
  if (auto proof = ledger::ChainProofOf(heads, person_id)) {
    *items.emplace_back().mutable_chain_proof() = *std::move(proof);
  }
  return items;
}

}  // namespace consent::person_data
