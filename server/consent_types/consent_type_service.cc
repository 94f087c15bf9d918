#include "server/consent_types/consent_type_service.h"

#include <absl/strings/str_cat.h>
#include <google/protobuf/util/message_differencer.h>

#include "server/common/handler.h"
#include "server/common/resource_patch.h"
#include "server/consent_types/consent_type_audit.h"
#include "server/consent_types/consent_type_repository.h"
#include "server/consent_types/consent_type_validation.h"
#include "server/history/consent_history.h"

namespace consent {
namespace {

using consent_types::StoredConsentType;

// ALREADY_EXISTS when a candidate (property path of a TypeName, the name) is used in the
// tenant by a type other than `except_type_id`, or by an earlier candidate.
absl::Status CheckNamesFree(pqxx::transaction_base& txn, const CallContext& call,
                            const std::vector<std::pair<std::string, std::string>>& candidates,
                            int except_type_id) {
  std::vector<std::string> names;
  for (const auto& candidate : candidates) names.push_back(candidate.second);
  std::vector<std::pair<std::string, std::string>> taken;
  for (int i : consent_types::TakenNames(txn, call, names, except_type_id))
    taken.push_back(candidates[i]);
  return consent_types::TypeNamesTaken(taken);
}

// For each entry of a batch create, the index of the first entry equal to it. Equal entries
// state one type twice (the sample of MyPreferences POST ConsentTypes does): it is created
// once, and each of them answers with it. Entries that only share a TypeName still conflict.
std::vector<int> FirstEqualEntries(const v1::CreateConsentTypesRequest& request) {
  std::vector<int> first(request.consent_types_size());
  for (int i = 0; i < request.consent_types_size(); ++i) {
    first[i] = i;
    for (int j = 0; j < i && first[i] == i; ++j) {
      if (first[j] == j && google::protobuf::util::MessageDifferencer::Equals(
                               request.consent_types(i), request.consent_types(j)))
        first[i] = j;
    }
  }
  return first;
}

// The created type's URI when the batch created one type, else the collection's.
std::string CreatedLocation(const CallContext& call, const v1::ConsentTypeEntryList& created) {
  const int first_id = created.consent_types(0).type_id();
  for (const v1::ConsentTypeEntry& entry : created.consent_types()) {
    if (entry.type_id() != first_id) return absl::StrCat("/", call.tenant, "/ConsentTypes");
  }
  return absl::StrCat("/", call.tenant, "/ConsentType/", first_id);
}

}  // namespace

grpc::Status ConsentTypeServiceImpl::CreateConsentTypes(
    grpc::ServerContext* ctx, const v1::CreateConsentTypesRequest* request,
    v1::ConsentTypeEntryList* response) {
  return HandleForClient(
      ctx, *request, request->client_id(), [&](const CallContext& call) -> absl::Status {
        if (auto s = consent_types::ValidateCreate(*request); !s.ok()) return s;
        absl::Status status = pool_.InTransaction([&](pqxx::transaction_base& txn) -> absl::Status {
          const std::vector<int> first = FirstEqualEntries(*request);
          std::vector<std::pair<std::string, std::string>> names;
          for (int i = 0; i < request->consent_types_size(); ++i) {
            if (first[i] != i) continue;
            names.emplace_back(absl::StrCat("ConsentTypes[", i, "].TypeName"),
                               request->consent_types(i).type_name());
          }
          if (auto s = CheckNamesFree(txn, call, names, 0); !s.ok()) return s;
          const consent_types::Audit audit = consent_types::AuditNow(call);
          for (int i = 0; i < request->consent_types_size(); ++i) {
            if (first[i] != i) {
              *response->add_consent_types() = response->consent_types(first[i]);
              continue;
            }
            v1::ConsentTypeEntry entry = request->consent_types(i);
            consent_types::ClearServerFields(&entry);
            consent_types::Stamp(
                nullptr, audit,
                consent_types::NextVersionIds(txn, consent_types::NewVersionCount(entry)), &entry);
            v1::ConsentTypeEntry* created = response->add_consent_types();
            *created = consent_types::Insert(txn, call, entry).entry;
            history::AppendConsentType(txn, call, "create", *created);
          }
          return absl::OkStatus();
        });
        if (!status.ok()) return status;
        SetCreated(*ctx, CreatedLocation(call, *response));
        return absl::OkStatus();
      });
}

grpc::Status ConsentTypeServiceImpl::ListConsentTypes(grpc::ServerContext* ctx,
                                                      const v1::ListConsentTypesRequest* request,
                                                      v1::ConsentTypeEntryList* response) {
  return HandleForClient(
      ctx, *request, request->client_id(), [&](const CallContext& call) -> absl::Status {
        auto page = ParsePageRequest(request->page_size(), request->page_token(),
                                     absl::StrCat(call.tenant, "/consent_types"));
        if (!page.ok()) return page.status();
        return pool_.SingleStatement([&](pqxx::transaction_base& txn) {
          *response = consent_types::List(txn, call, *page);
          return absl::OkStatus();
        });
      });
}

grpc::Status ConsentTypeServiceImpl::GetConsentType(grpc::ServerContext* ctx,
                                                    const v1::GetConsentTypeRequest* request,
                                                    v1::ConsentTypeEntry* response) {
  return HandleForClient(
      ctx, *request, request->client_id(), [&](const CallContext& call) -> absl::Status {
        auto stored = pool_.SingleStatement<StoredConsentType>([&](pqxx::transaction_base& txn) {
          return consent_types::Get(txn, call, request->type_id(), consent_types::Lock::kNone);
        });
        if (!stored.ok()) return stored.status();
        *response = stored->entry;
        SetEtag(*ctx, stored->version);
        return absl::OkStatus();
      });
}

grpc::Status ConsentTypeServiceImpl::PatchConsentType(grpc::ServerContext* ctx,
                                                      const v1::PatchConsentTypeRequest* request,
                                                      v1::ConsentTypeEntry* response) {
  return HandleForClient(
      ctx, *request, request->client_id(), [&](const CallContext& call) -> absl::Status {
        auto stored = pool_.InTransaction<
            StoredConsentType>([&](pqxx::transaction_base& txn)
                                   -> absl::StatusOr<StoredConsentType> {
          auto current =
              consent_types::Get(txn, call, request->type_id(), consent_types::Lock::kForUpdate);
          if (!current.ok()) return current.status();
          if (auto s = CheckIfMatch(call, current->version); !s.ok()) return s;
          v1::ConsentTypeEntry patched = current->entry;
          if (auto s = ApplyPatch(request->patch(), call, {"TypeId", "Edited"}, &patched); !s.ok())
            return s;
          // A patch that changes nothing (only `test`s, say) writes nothing: same ETag, no
          // history entry.
          if (google::protobuf::util::MessageDifferencer::Equals(patched, current->entry))
            return *current;
          if (auto s = consent_types::CheckVersionIdentities(current->entry, patched); !s.ok())
            return s;
          if (auto s = consent_types::ValidateConsentType(patched); !s.ok()) return s;
          if (auto s =
                  CheckNamesFree(txn, call, {{"TypeName", patched.type_name()}}, patched.type_id());
              !s.ok()) {
            return s;
          }
          consent_types::Stamp(
              &current->entry, consent_types::AuditNow(call),
              consent_types::NextVersionIds(txn, consent_types::NewVersionCount(patched)),
              &patched);
          StoredConsentType updated = consent_types::Update(txn, call, patched);
          history::AppendConsentType(txn, call, "update", updated.entry);
          return updated;
        });
        if (!stored.ok()) return stored.status();
        *response = stored->entry;
        SetEtag(*ctx, stored->version);
        return absl::OkStatus();
      });
}

}  // namespace consent
