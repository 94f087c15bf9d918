#include "server/persons/person_service.h"

#include <absl/strings/str_cat.h>

#include "server/common/handler.h"
#include "server/common/idempotency.h"
#include "server/history/consent_history.h"
#include "server/persons/person_repository.h"
#include "server/persons/person_validation.h"

namespace consent {

grpc::Status PersonServiceImpl::CreatePerson(grpc::ServerContext* ctx,
                                             const v1::CreatePersonRequest* request,
                                             v1::Person* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    if (auto s = persons::ValidatePerson(request->person()); !s.ok()) return s;
    absl::StatusOr<IdempotencyKey> key = IdempotencyKeyOf(call, "CreatePerson", *request);
    if (!key.ok()) return key.status();
    absl::StatusOr<long long> version =
        pool_.InTransaction<long long>([&](pqxx::transaction_base& txn) {
          return OncePerKey(txn, call, *key, response, [&]() -> absl::StatusOr<long long> {
            persons::StoredPerson stored = persons::Insert(txn, call, request->person());
            *response = stored.person;
            return stored.version;
          });
        });
    if (!version.ok()) return version.status();
    SetCreated(*ctx, absl::StrCat("/v1/persons/", response->person_id()));
    SetEtag(*ctx, *version);
    return absl::OkStatus();
  });
}

grpc::Status PersonServiceImpl::GetPerson(grpc::ServerContext* ctx,
                                          const v1::GetPersonRequest* request,
                                          v1::Person* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto stored = pool_.SingleStatement<persons::StoredPerson>(
        [&](pqxx::transaction_base& txn) { return persons::Get(txn, call, request->person_id()); });
    if (!stored.ok()) return stored.status();
    *response = stored->person;
    SetEtag(*ctx, stored->version);
    return absl::OkStatus();
  });
}

grpc::Status PersonServiceImpl::DeletePerson(grpc::ServerContext* ctx,
                                             const v1::DeletePersonRequest* request,
                                             google::protobuf::Empty*) {
  return Handle(ctx, *request, [&](const CallContext& call) {
    return pool_.InTransaction([&](pqxx::transaction_base& txn) -> absl::Status {
      auto stored = persons::Get(txn, call, request->person_id(), /*for_update=*/true);
      if (!stored.ok()) return stored.status();
      if (auto s = CheckIfMatch(call, stored->version); !s.ok()) return s;
      return persons::SoftDelete(txn, call, request->person_id());
    });
  });
}

grpc::Status PersonServiceImpl::ListPersons(grpc::ServerContext* ctx,
                                            const v1::ListPersonsRequest* request,
                                            v1::ListPersonsResponse* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto page = ParsePageRequest(request->page_size(), request->page_token(),
                                 absl::StrCat(call.tenant, "/persons"));
    if (!page.ok()) return page.status();
    return pool_.SingleStatement([&](pqxx::transaction_base& txn) {
      *response = persons::List(txn, call, *page);
      return absl::OkStatus();
    });
  });
}

namespace {

// A data-consent decision as the answer: its ETag, and the decision itself unless the RPC
// answers Empty (`response` null).
absl::Status Answer(grpc::ServerContext& ctx, absl::StatusOr<persons::StoredDataConsent> stored,
                    v1::PersonDataConsent* response) {
  if (!stored.ok()) return stored.status();
  SetEtag(ctx, stored->version);
  if (response != nullptr) *response = std::move(stored->consent);
  return absl::OkStatus();
}

}  // namespace

grpc::Status PersonServiceImpl::SetPersonConsent(grpc::ServerContext* ctx,
                                                 const v1::SetPersonConsentRequest* request,
                                                 google::protobuf::Empty*) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    if (auto s = persons::ValidateDataConsent(request->consent()); !s.ok()) return s;
    absl::StatusOr<IdempotencyKey> key = IdempotencyKeyOf(call, "SetPersonConsent", *request);
    if (!key.ok()) return key.status();
    return Answer(*ctx,
                  consent_recorder_.Record(call, request->person_id(), request->consent(), *key),
                  nullptr);
  });
}

grpc::Status PersonServiceImpl::PatchPersonConsent(grpc::ServerContext* ctx,
                                                   const v1::PatchPersonConsentRequest* request,
                                                   v1::PersonDataConsent* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    return Answer(*ctx, consent_recorder_.Patch(call, request->person_id(), request->patch()),
                  response);
  });
}

grpc::Status PersonServiceImpl::GetPersonConsent(grpc::ServerContext* ctx,
                                                 const v1::GetPersonConsentRequest* request,
                                                 v1::PersonDataConsent* response) {
  return Handle(ctx, *request, [&](const CallContext& call) {
    return Answer(
        *ctx, pool_.SingleStatement<persons::StoredDataConsent>([&](pqxx::transaction_base& txn) {
          return persons::GetDataConsent(txn, call, request->person_id());
        }),
        response);
  });
}

grpc::Status PersonServiceImpl::ListConsentHistory(grpc::ServerContext* ctx,
                                                   const v1::ListConsentHistoryRequest* request,
                                                   v1::ListConsentHistoryResponse* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto page =
        ParsePageRequest(request->page_size(), request->page_token(),
                         absl::StrCat(call.tenant, "/persons/", request->person_id(), "/history"));
    if (!page.ok()) return page.status();
    return pool_.InTransaction([&](pqxx::transaction_base& txn) -> absl::Status {
      // History outlives a deleted person, so only a person that never existed is NOT_FOUND.
      if (!persons::EverExisted(txn, call, request->person_id()))
        return absl::NotFoundError(absl::StrCat("person ", request->person_id(), " not found"));
      auto listed = history::List(txn, call, request->person_id(), *page);
      if (!listed.ok()) return listed.status();
      *response = *listed;
      return absl::OkStatus();
    });
  });
}

}  // namespace consent
