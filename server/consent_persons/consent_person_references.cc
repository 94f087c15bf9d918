#include "server/consent_persons/consent_person_references.h"

#include <absl/strings/str_cat.h>

#include "lib/wire/status_details.h"
#include "server/list_items/list_item_mapper.h"
#include "server/list_items/list_item_repository.h"

namespace consent::consent_persons {
namespace {

// The reference fields by proto name; the kind is the field's message type.
struct Reference {
  const char* field;
  std::optional<int> ConsentPersonRow::*id;
};

constexpr Reference kReferences[] = {
    {"consent_purpose", &ConsentPersonRow::purpose_id},
    {"legal_base", &ConsentPersonRow::legal_base_id},
    {"consent_source", &ConsentPersonRow::source_id},
};

const google::protobuf::FieldDescriptor& Field(const Reference& reference) {
  return *v1::ConsentPerson::descriptor()->FindFieldByName(reference.field);
}

}  // namespace

ConsentPersonRow RowFromRequest(const v1::ConsentPerson& request) {
  ConsentPersonRow row;
  row.id = request.consent_person_id();
  row.person_id = request.person_id();
  row.comment = request.comment();
  const auto* reflection = request.GetReflection();
  for (const auto& reference : kReferences) {
    if (!reflection->HasField(request, &Field(reference))) continue;
    int id = list_items::IdOf(reflection->GetMessage(request, &Field(reference)));
    if (id != 0) row.*reference.id = id;
  }
  return row;
}

absl::StatusOr<v1::ConsentPerson> Resolve(pqxx::transaction_base& txn, const CallContext& call,
                                          const ConsentPersonRow& row) {
  v1::ConsentPerson resource;
  resource.set_consent_person_id(row.id);
  resource.set_person_id(row.person_id);
  resource.set_comment(row.comment);
  wire::FieldViolations violations;
  for (const auto& reference : kReferences) {
    const std::optional<int>& id = row.*reference.id;
    if (!id) continue;
    const auto& field = Field(reference);
    const std::string kind = field.message_type()->name();
    auto item = list_items::Get(txn, call, kind, *id);
    if (!item.ok()) {
      violations.Add(field.json_name(), absl::StrCat("no ", kind, " ", *id, " exists"));
      continue;
    }
    list_items::ItemFromRow(*item, resource.GetReflection()->MutableMessage(&resource, &field));
  }
  if (!violations.empty()) return violations.ToStatus();
  return resource;
}

}  // namespace consent::consent_persons
