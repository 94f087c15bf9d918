#pragma once
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "server/db/connection_pool.h"
#include "server/list_items/list_items.h"

namespace consent {

// SuperOffice list items as on SuperOffice PUT ConsentPurpose (list items): ConsentPurpose,
// ConsentSource and LegalBase. Every RPC delegates to the kind-generic ListItems.
class ListServiceImpl final : public v1::ListService::Service {
 public:
  explicit ListServiceImpl(ConnectionPool& pool) : items_(pool) {}

  grpc::Status CreateConsentPurpose(grpc::ServerContext* ctx, const v1::ConsentPurpose* request,
                                    v1::ConsentPurpose* response) override;
  grpc::Status GetConsentPurpose(grpc::ServerContext* ctx, const v1::ListItemId* request,
                                 v1::ConsentPurpose* response) override;
  grpc::Status UpdateConsentPurpose(grpc::ServerContext* ctx,
                                    const v1::UpdateConsentPurposeRequest* request,
                                    v1::ConsentPurpose* response) override;
  grpc::Status PatchConsentPurpose(grpc::ServerContext* ctx,
                                   const v1::PatchListItemRequest* request,
                                   v1::ConsentPurpose* response) override;
  grpc::Status DeleteConsentPurpose(grpc::ServerContext* ctx, const v1::ListItemId* request,
                                    google::protobuf::Empty* response) override;
  grpc::Status ListConsentPurposes(grpc::ServerContext* ctx,
                                   const v1::ListListItemsRequest* request,
                                   v1::ListConsentPurposesResponse* response) override;

  grpc::Status CreateConsentSource(grpc::ServerContext* ctx, const v1::ConsentSource* request,
                                   v1::ConsentSource* response) override;
  grpc::Status GetConsentSource(grpc::ServerContext* ctx, const v1::ListItemId* request,
                                v1::ConsentSource* response) override;
  grpc::Status UpdateConsentSource(grpc::ServerContext* ctx,
                                   const v1::UpdateConsentSourceRequest* request,
                                   v1::ConsentSource* response) override;
  grpc::Status PatchConsentSource(grpc::ServerContext* ctx, const v1::PatchListItemRequest* request,
                                  v1::ConsentSource* response) override;
  grpc::Status DeleteConsentSource(grpc::ServerContext* ctx, const v1::ListItemId* request,
                                   google::protobuf::Empty* response) override;
  grpc::Status ListConsentSources(grpc::ServerContext* ctx, const v1::ListListItemsRequest* request,
                                  v1::ListConsentSourcesResponse* response) override;

  grpc::Status CreateLegalBase(grpc::ServerContext* ctx, const v1::LegalBase* request,
                               v1::LegalBase* response) override;
  grpc::Status GetLegalBase(grpc::ServerContext* ctx, const v1::ListItemId* request,
                            v1::LegalBase* response) override;
  grpc::Status UpdateLegalBase(grpc::ServerContext* ctx, const v1::UpdateLegalBaseRequest* request,
                               v1::LegalBase* response) override;
  grpc::Status PatchLegalBase(grpc::ServerContext* ctx, const v1::PatchListItemRequest* request,
                              v1::LegalBase* response) override;
  grpc::Status DeleteLegalBase(grpc::ServerContext* ctx, const v1::ListItemId* request,
                               google::protobuf::Empty* response) override;
  grpc::Status ListLegalBases(grpc::ServerContext* ctx, const v1::ListListItemsRequest* request,
                              v1::ListLegalBasesResponse* response) override;

 private:
  list_items::ListItems items_;
};

}  // namespace consent
