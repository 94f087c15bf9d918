#include "server/list_items/list_item_repository.h"

#include <absl/strings/str_cat.h>

#include "server/db/statement.h"

namespace consent::list_items {
namespace {

constexpr char kColumns[] =
    "item_id, name, key, tooltip, active, deleted, rank, consent_text, form_text,"
    " privacy_statement_desc, privacy_statement_url, mail_template_id,"
    " (extract(epoch FROM updated_at) * 1000000)::bigint, updated_by, version";

const db::Statement kInsert(
    "list_items.insert",
    absl::StrCat(
        "INSERT INTO list_items (tenant, kind, name, key, tooltip, active, deleted, rank,"
        " consent_text, form_text, privacy_statement_desc, privacy_statement_url,"
        " mail_template_id, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
        " $12, $13, $14) RETURNING ",
        kColumns));
// NO KEY UPDATE: editing an item never changes its key, so it need not block the
// KEY SHARE locks that consent_persons' foreign keys take on it.
const db::KeyedSelect kGet(
    "list_items.get",
    absl::StrCat("SELECT ", kColumns,
                 " FROM list_items WHERE tenant = $1 AND kind = $2 AND item_id = $3"),
    "FOR NO KEY UPDATE");
const db::Statement kUpdate(
    "list_items.update",
    absl::StrCat(
        "UPDATE list_items SET name = $4, key = $5, tooltip = $6, active = $7, deleted = $8,"
        " rank = $9, consent_text = $10, form_text = $11, privacy_statement_desc = $12,"
        " privacy_statement_url = $13, mail_template_id = $14, updated_by = $15,"
        " updated_at = now(), version = version + 1"
        " WHERE tenant = $1 AND kind = $2 AND item_id = $3 RETURNING ",
        kColumns));
const db::Statement kList(
    "list_items.list",
    absl::StrCat("SELECT ", kColumns,
                 " FROM list_items WHERE tenant = $1 AND kind = $2 AND item_id > $3"
                 " ORDER BY item_id LIMIT $4"));

ListItemRow FromRow(const pqxx::row& r) {
  ListItemRow row;
  row.id = r[0].as<int>();
  row.name = r[1].as<std::string>();
  row.key = r[2].as<std::string>();
  row.tooltip = r[3].as<std::string>();
  row.active = r[4].as<int>();
  row.deleted = r[5].as<bool>();
  row.rank = r[6].as<int>();
  row.consent_text = r[7].as<std::string>();
  row.form_text = r[8].as<std::string>();
  row.privacy_statement_desc = r[9].as<std::string>();
  row.privacy_statement_url = r[10].as<std::string>();
  row.mail_template_id = r[11].as<int>();
  row.updated_at_micros = r[12].as<long long>();
  row.updated_by = r[13].as<std::string>();
  row.version = r[14].as<long long>();
  return row;
}

absl::Status NotFound(const std::string& kind, int id) {
  return absl::NotFoundError(absl::StrCat(kind, " ", id, " not found"));
}

}  // namespace

ListItemRow Insert(pqxx::transaction_base& txn, const CallContext& call, const std::string& kind,
                   const ListItemRow& row) {
  return FromRow(kInsert.RunOne(txn, call.tenant, kind, row.name, row.key, row.tooltip, row.active,
                                row.deleted, row.rank, row.consent_text, row.form_text,
                                row.privacy_statement_desc, row.privacy_statement_url,
                                row.mail_template_id, call.principal));
}

absl::StatusOr<ListItemRow> Get(pqxx::transaction_base& txn, const CallContext& call,
                                const std::string& kind, int id, bool for_update) {
  auto rows = kGet.Locking(for_update).Run(txn, call.tenant, kind, id);
  if (rows.empty()) return NotFound(kind, id);
  return FromRow(rows[0]);
}

ListItemRow Update(pqxx::transaction_base& txn, const CallContext& call, const std::string& kind,
                   const ListItemRow& row) {
  return FromRow(kUpdate.RunOne(txn, call.tenant, kind, row.id, row.name, row.key, row.tooltip,
                                row.active, row.deleted, row.rank, row.consent_text, row.form_text,
                                row.privacy_statement_desc, row.privacy_statement_url,
                                row.mail_template_id, call.principal));
}

std::vector<ListItemRow> List(pqxx::transaction_base& txn, const CallContext& call,
                              const std::string& kind, const PageRequest& page) {
  auto rows = kList.Run(txn, call.tenant, kind, page.after_id, page.limit);
  std::vector<ListItemRow> items;
  for (const auto& r : rows) items.push_back(FromRow(r));
  return items;
}

}  // namespace consent::list_items
