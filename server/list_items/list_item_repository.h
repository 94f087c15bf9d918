#pragma once
// SQL for the `list_items` table, shared by all kinds. Every statement filters by tenant
// and kind, so another tenant's item or an item of another kind is simply not found.
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "server/common/call_context.h"
#include "server/common/paging.h"
#include "server/list_items/list_item_row.h"

namespace consent::list_items {

// Writes the row's editable columns; updated_at/updated_by/version are set here.
ListItemRow Insert(pqxx::transaction_base& txn, const CallContext& call, const std::string& kind,
                   const ListItemRow& row);

// NOT_FOUND for unknown ids. Soft-deleted items are found (with deleted = true).
// `for_update` locks the row until the transaction ends.
absl::StatusOr<ListItemRow> Get(pqxx::transaction_base& txn, const CallContext& call,
                                const std::string& kind, int id, bool for_update = false);

// Overwrites the editable columns of row.id and increments its version.
ListItemRow Update(pqxx::transaction_base& txn, const CallContext& call, const std::string& kind,
                   const ListItemRow& row);

// Items of one kind with id > page.after_id, ordered by id, deleted ones included.
std::vector<ListItemRow> List(pqxx::transaction_base& txn, const CallContext& call,
                              const std::string& kind, const PageRequest& page);

}  // namespace consent::list_items
