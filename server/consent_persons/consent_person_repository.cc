#include "server/consent_persons/consent_person_repository.h"

#include <absl/strings/str_cat.h>

#include "server/db/sql_errors.h"
#include "server/db/statement.h"

namespace consent::consent_persons {
namespace {

constexpr char kColumns[] =
    "consent_person_id, person_id, purpose_id, legal_base_id, source_id, comment, version";

const db::Statement kInsert(
    "consent_persons.insert",
    absl::StrCat("INSERT INTO consent_persons (tenant, person_id, purpose_id, legal_base_id,"
                 " source_id, comment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
                 kColumns));
const db::KeyedSelect kGet(
    "consent_persons.get",
    absl::StrCat("SELECT ", kColumns,
                 " FROM consent_persons WHERE tenant = $1 AND consent_person_id = $2"),
    "FOR NO KEY UPDATE");
const db::Statement kUpdate(
    "consent_persons.update",
    absl::StrCat("UPDATE consent_persons SET person_id = $3, purpose_id = $4,"
                 " legal_base_id = $5, source_id = $6, comment = $7, updated_at = now(),"
                 " version = version + 1 WHERE tenant = $1 AND consent_person_id = $2"
                 " RETURNING ",
                 kColumns));

// Saves check their references first (consent_person_references.h); these name a reference
// that vanished between that check and the write.
const ForeignKeyField kPersonKey("consent_persons_tenant_person_id_fkey", "PersonId");
const ForeignKeyField kPurposeKey("consent_persons_tenant_purpose_id_fkey", "ConsentPurpose");
const ForeignKeyField kLegalBaseKey("consent_persons_tenant_legal_base_id_fkey", "LegalBase");
const ForeignKeyField kSourceKey("consent_persons_tenant_source_id_fkey", "ConsentSource");

std::optional<int> OptionalInt(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<int>();
}

ConsentPersonRow FromRow(const pqxx::row& r) {
  ConsentPersonRow row;
  row.id = r[0].as<int>();
  row.person_id = r[1].as<int>();
  row.purpose_id = OptionalInt(r[2]);
  row.legal_base_id = OptionalInt(r[3]);
  row.source_id = OptionalInt(r[4]);
  row.comment = r[5].as<std::string>();
  row.version = r[6].as<long long>();
  return row;
}

}  // namespace

ConsentPersonRow Insert(pqxx::transaction_base& txn, const CallContext& call,
                        const ConsentPersonRow& row) {
  return FromRow(kInsert.RunOne(txn, call.tenant, row.person_id, row.purpose_id, row.legal_base_id,
                                row.source_id, row.comment));
}

absl::StatusOr<ConsentPersonRow> Get(pqxx::transaction_base& txn, const CallContext& call, int id,
                                     bool for_update) {
  auto rows = kGet.Locking(for_update).Run(txn, call.tenant, id);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("ConsentPerson ", id, " not found"));
  return FromRow(rows[0]);
}

ConsentPersonRow Update(pqxx::transaction_base& txn, const CallContext& call,
                        const ConsentPersonRow& row) {
  return FromRow(kUpdate.RunOne(txn, call.tenant, row.id, row.person_id, row.purpose_id,
                                row.legal_base_id, row.source_id, row.comment));
}

}  // namespace consent::consent_persons
