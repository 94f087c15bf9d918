#pragma once
#include "proto/consent/v1/consent_types.grpc.pb.h"
#include "server/db/connection_pool.h"

namespace consent {

// MyPreferences consent types (MyPreferences POST ConsentTypes and PATCH ConsentType); the
// tenant is the `{clientId}` path value.
//
// CreateConsentTypes is all or nothing: every entry is validated (422) and every TypeName
// checked against the tenant's types and the rest of the batch (409) before anything is
// written, and all rows are inserted in one transaction. It answers 201 with Location
// "/<clientId>/ConsentType/<typeId>" when the batch created one type, else the collection
// "/<clientId>/ConsentTypes".
//
// PatchConsentType locks the row (SELECT ... FOR UPDATE), checks If-Match, applies the
// JSON Patch or merge patch (TypeId and Edited read-only; version ids and Edited see
// consent_type_audit.h), re-validates, writes with version+1 and answers the new ETag.
class ConsentTypeServiceImpl final : public v1::ConsentTypeService::Service {
 public:
  explicit ConsentTypeServiceImpl(ConnectionPool& pool) : pool_(pool) {}

  grpc::Status CreateConsentTypes(grpc::ServerContext* ctx,
                                  const v1::CreateConsentTypesRequest* request,
                                  v1::ConsentTypeEntryList* response) override;
  grpc::Status ListConsentTypes(grpc::ServerContext* ctx,
                                const v1::ListConsentTypesRequest* request,
                                v1::ConsentTypeEntryList* response) override;
  grpc::Status GetConsentType(grpc::ServerContext* ctx, const v1::GetConsentTypeRequest* request,
                              v1::ConsentTypeEntry* response) override;
  grpc::Status PatchConsentType(grpc::ServerContext* ctx,
                                const v1::PatchConsentTypeRequest* request,
                                v1::ConsentTypeEntry* response) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace consent
