#include "server/list_items/list_service.h"

namespace consent {

grpc::Status ListServiceImpl::CreateConsentPurpose(grpc::ServerContext* ctx,
                                                   const v1::ConsentPurpose* request,
                                                   v1::ConsentPurpose* response) {
  return items_.Create(ctx, *request, response);
}
grpc::Status ListServiceImpl::GetConsentPurpose(grpc::ServerContext* ctx,
                                                const v1::ListItemId* request,
                                                v1::ConsentPurpose* response) {
  return items_.Get(ctx, request->id(), response);
}
grpc::Status ListServiceImpl::UpdateConsentPurpose(grpc::ServerContext* ctx,
                                                   const v1::UpdateConsentPurposeRequest* request,
                                                   v1::ConsentPurpose* response) {
  return items_.Update(ctx, request->id(), request->item(), response);
}
grpc::Status ListServiceImpl::PatchConsentPurpose(grpc::ServerContext* ctx,
                                                  const v1::PatchListItemRequest* request,
                                                  v1::ConsentPurpose* response) {
  return items_.Patch(ctx, *request, response);
}
grpc::Status ListServiceImpl::DeleteConsentPurpose(grpc::ServerContext* ctx,
                                                   const v1::ListItemId* request,
                                                   google::protobuf::Empty*) {
  return items_.Delete(ctx, request->id(), *v1::ConsentPurpose::descriptor());
}
grpc::Status ListServiceImpl::ListConsentPurposes(grpc::ServerContext* ctx,
                                                  const v1::ListListItemsRequest* request,
                                                  v1::ListConsentPurposesResponse* response) {
  return items_.List(ctx, *request, response);
}

grpc::Status ListServiceImpl::CreateConsentSource(grpc::ServerContext* ctx,
                                                  const v1::ConsentSource* request,
                                                  v1::ConsentSource* response) {
  return items_.Create(ctx, *request, response);
}
grpc::Status ListServiceImpl::GetConsentSource(grpc::ServerContext* ctx,
                                               const v1::ListItemId* request,
                                               v1::ConsentSource* response) {
  return items_.Get(ctx, request->id(), response);
}
grpc::Status ListServiceImpl::UpdateConsentSource(grpc::ServerContext* ctx,
                                                  const v1::UpdateConsentSourceRequest* request,
                                                  v1::ConsentSource* response) {
  return items_.Update(ctx, request->id(), request->item(), response);
}
grpc::Status ListServiceImpl::PatchConsentSource(grpc::ServerContext* ctx,
                                                 const v1::PatchListItemRequest* request,
                                                 v1::ConsentSource* response) {
  return items_.Patch(ctx, *request, response);
}
grpc::Status ListServiceImpl::DeleteConsentSource(grpc::ServerContext* ctx,
                                                  const v1::ListItemId* request,
                                                  google::protobuf::Empty*) {
  return items_.Delete(ctx, request->id(), *v1::ConsentSource::descriptor());
}
grpc::Status ListServiceImpl::ListConsentSources(grpc::ServerContext* ctx,
                                                 const v1::ListListItemsRequest* request,
                                                 v1::ListConsentSourcesResponse* response) {
  return items_.List(ctx, *request, response);
}

grpc::Status ListServiceImpl::CreateLegalBase(grpc::ServerContext* ctx,
                                              const v1::LegalBase* request,
                                              v1::LegalBase* response) {
  return items_.Create(ctx, *request, response);
}
grpc::Status ListServiceImpl::GetLegalBase(grpc::ServerContext* ctx, const v1::ListItemId* request,
                                           v1::LegalBase* response) {
  return items_.Get(ctx, request->id(), response);
}
grpc::Status ListServiceImpl::UpdateLegalBase(grpc::ServerContext* ctx,
                                              const v1::UpdateLegalBaseRequest* request,
                                              v1::LegalBase* response) {
  return items_.Update(ctx, request->id(), request->item(), response);
}
grpc::Status ListServiceImpl::PatchLegalBase(grpc::ServerContext* ctx,
                                             const v1::PatchListItemRequest* request,
                                             v1::LegalBase* response) {
  return items_.Patch(ctx, *request, response);
}
grpc::Status ListServiceImpl::DeleteLegalBase(grpc::ServerContext* ctx,
                                              const v1::ListItemId* request,
                                              google::protobuf::Empty*) {
  return items_.Delete(ctx, request->id(), *v1::LegalBase::descriptor());
}
grpc::Status ListServiceImpl::ListLegalBases(grpc::ServerContext* ctx,
                                             const v1::ListListItemsRequest* request,
                                             v1::ListLegalBasesResponse* response) {
  return items_.List(ctx, *request, response);
}

}  // namespace consent
