#pragma once
#include "proto/consent/v1/consent_persons.grpc.pb.h"
#include "server/db/connection_pool.h"

namespace consent {

// SuperOffice ConsentPerson (SuperOffice SaveConsentPerson): save (id 0 creates) and get.
// Every save appends a history entry in the same transaction; a save with an idempotency
// key (common/idempotency.h) remembers its answer there too.
class ConsentPersonServiceImpl final : public v1::ConsentPersonService::Service {
 public:
  explicit ConsentPersonServiceImpl(ConnectionPool& pool) : pool_(pool) {}

  grpc::Status SaveConsentPerson(grpc::ServerContext* ctx,
                                 const v1::SaveConsentPersonRequest* request,
                                 v1::ConsentPerson* response) override;
  grpc::Status PatchConsentPerson(grpc::ServerContext* ctx,
                                  const v1::PatchConsentPersonRequest* request,
                                  v1::ConsentPerson* response) override;
  grpc::Status GetConsentPerson(grpc::ServerContext* ctx,
                                const v1::GetConsentPersonRequest* request,
                                v1::ConsentPerson* response) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace consent
