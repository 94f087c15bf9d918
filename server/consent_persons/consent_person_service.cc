#include "server/consent_persons/consent_person_service.h"

#include <optional>

#include "server/common/carrier_rights.h"
#include "server/common/handler.h"
#include "server/common/idempotency.h"
#include "server/common/resource_patch.h"
#include "server/consent_persons/consent_person_events.h"
#include "server/consent_persons/consent_person_references.h"
#include "server/consent_persons/consent_person_repository.h"
#include "server/consent_persons/consent_person_validation.h"
#include "server/history/consent_history.h"
#include "server/persons/person_repository.h"

namespace consent {
namespace {

using consent_persons::ConsentPersonRow;

struct Versioned {
  v1::ConsentPerson resource;
  long long version = 0;
};

// The record as every answer shows it, and as the document a PATCH works on: the resource
// plus the caller's rights on it.
v1::ConsentPerson Shown(v1::ConsentPerson resource) {
  static constexpr FieldLength kLengths[] = {{"comment", consent_persons::kMaxCommentLength}};
  SetCarrierRights(kLengths, &resource);
  return resource;
}

// The answer: the record as shown, and its ETag.
void Respond(grpc::ServerContext& ctx, const Versioned& record, v1::ConsentPerson* response) {
  *response = Shown(record.resource);
  SetEtag(ctx, record.version);
}

// One transaction: lock the record being updated (If-Match checked against it), check the
// person, resolve the referenced items, write, append history. Concurrent saves of one
// record therefore apply and are recorded one after another.
absl::StatusOr<Versioned> Save(pqxx::transaction_base& txn, const CallContext& call,
                               const ConsentPersonRow& row) {
  const bool create = row.id == 0;
  std::optional<int> before_purpose;
  if (!create) {
    auto current = consent_persons::Get(txn, call, row.id, /*for_update=*/true);
    if (!current.ok()) return current.status();
    if (auto s = CheckIfMatch(call, current->version); !s.ok()) return s;
    before_purpose = current->purpose_id.value_or(0);
  }
  if (auto person = persons::Get(txn, call, row.person_id); !person.ok()) return person.status();
  auto resource = consent_persons::Resolve(txn, call, row);
  if (!resource.ok()) return resource.status();
  ConsentPersonRow stored =
      create ? consent_persons::Insert(txn, call, row) : consent_persons::Update(txn, call, row);
  resource->set_consent_person_id(stored.id);
  history::AppendConsentPerson(txn, call, create ? "create" : "update", *resource);
  if (auto s = consent_persons::AppendSaveEvents(txn, call, *resource, before_purpose); !s.ok()) {
    return s;
  }
  return Versioned{*std::move(resource), stored.version};
}

// The record as the API shows it, with its version.
absl::StatusOr<Versioned> Load(pqxx::transaction_base& txn, const CallContext& call, int id,
                               bool for_update) {
  auto row = consent_persons::Get(txn, call, id, for_update);
  if (!row.ok()) return row.status();
  auto resource = consent_persons::Resolve(txn, call, *row);
  if (!resource.ok()) return resource.status();
  return Versioned{*std::move(resource), row->version};
}

// A patch works on the record as GET shows it, but what is stored is the row: PersonId,
// Comment and, of each referenced item, only its id. A patch that changes a referenced item's own
// field (`replace /LegalBase/Name`) is refused, 422 naming "LegalBase.Name" as read-only, as
// TableRight and FieldProperties are: answering 200 would silently drop the change it was
// given (the item is changed at its own URL). Writing back what is there, or referring to
// another item by its id (the rest of the old item's members kept as they were), is fine.
// A patch after which the row would hold what it holds writes nothing: same ETag, no
// history entry.
absl::StatusOr<Versioned> Patch(pqxx::transaction_base& txn, const CallContext& call, int id,
                                const google::protobuf::Value& patch) {
  auto current = Load(txn, call, id, /*for_update=*/true);
  if (!current.ok()) return current.status();
  if (auto s = CheckIfMatch(call, current->version); !s.ok()) return s;
  const auto as_stored = [&](const google::protobuf::Message& patched,
                             google::protobuf::Message* shown) -> absl::Status {
    v1::ConsentPerson record;
    record.CopyFrom(patched);
    auto resolved = consent_persons::Resolve(txn, call, consent_persons::RowFromRequest(record));
    if (!resolved.ok()) return resolved.status();
    shown->CopyFrom(Shown(*std::move(resolved)));
    return absl::OkStatus();
  };
  v1::ConsentPerson patched = Shown(current->resource);
  if (auto s = ApplyPatch(patch, call, {"ConsentPersonId", "TableRight", "FieldProperties"},
                          &patched, as_stored);
      !s.ok()) {
    return s;
  }
  ConsentPersonRow row = consent_persons::RowFromRequest(patched);
  if (row == consent_persons::RowFromRequest(current->resource)) return *current;
  if (auto s = consent_persons::ValidateConsentPerson(row); !s.ok()) return s;
  return Save(txn, call, row);
}

}  // namespace

grpc::Status ConsentPersonServiceImpl::SaveConsentPerson(
    grpc::ServerContext* ctx, const v1::SaveConsentPersonRequest* request,
    v1::ConsentPerson* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    ConsentPersonRow row = consent_persons::RowFromRequest(request->consent_person());
    if (auto s = consent_persons::ValidateConsentPerson(row); !s.ok()) return s;
    absl::StatusOr<IdempotencyKey> key = IdempotencyKeyOf(call, "SaveConsentPerson", *request);
    if (!key.ok()) return key.status();
    Versioned saved;
    absl::StatusOr<long long> version =
        pool_.InTransaction<long long>([&](pqxx::transaction_base& txn) {
          return OncePerKey(txn, call, *key, &saved.resource, [&]() -> absl::StatusOr<long long> {
            absl::StatusOr<Versioned> written = Save(txn, call, row);
            if (!written.ok()) return written.status();
            saved.resource = std::move(written->resource);
            return written->version;
          });
        });
    if (!version.ok()) return version.status();
    saved.version = *version;
    Respond(*ctx, saved, response);
    return absl::OkStatus();
  });
}

grpc::Status ConsentPersonServiceImpl::GetConsentPerson(grpc::ServerContext* ctx,
                                                        const v1::GetConsentPersonRequest* request,
                                                        v1::ConsentPerson* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto loaded = pool_.InTransaction<Versioned>([&](pqxx::transaction_base& txn) {
      return Load(txn, call, request->consent_person_id(), /*for_update=*/false);
    });
    if (!loaded.ok()) return loaded.status();
    Respond(*ctx, *loaded, response);
    return absl::OkStatus();
  });
}

grpc::Status ConsentPersonServiceImpl::PatchConsentPerson(
    grpc::ServerContext* ctx, const v1::PatchConsentPersonRequest* request,
    v1::ConsentPerson* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto saved = pool_.InTransaction<Versioned>([&](pqxx::transaction_base& txn) {
      return Patch(txn, call, request->consent_person_id(), request->patch());
    });
    if (!saved.ok()) return saved.status();
    Respond(*ctx, *saved, response);
    return absl::OkStatus();
  });
}

}  // namespace consent
