#pragma once
#include "proto/consent/v1/persons.grpc.pb.h"
#include "server/db/connection_pool.h"
#include "server/persons/data_consent_recorder.h"

namespace consent {

// Persons, their data consent as the data-consent page (Set a person's data consent) sets it,
// and the consent history.
class PersonServiceImpl final : public v1::PersonService::Service {
 public:
  // `write_batches`: see DataConsentRecorder, whose counters go to `metrics`.
  PersonServiceImpl(ConnectionPool& pool, int write_batches, observability::Metrics& metrics)
      : pool_(pool), consent_recorder_(pool, write_batches) {
    consent_recorder_.AddMetrics(metrics);
  }

  grpc::Status CreatePerson(grpc::ServerContext* ctx, const v1::CreatePersonRequest* request,
                            v1::Person* response) override;
  grpc::Status GetPerson(grpc::ServerContext* ctx, const v1::GetPersonRequest* request,
                         v1::Person* response) override;
  grpc::Status DeletePerson(grpc::ServerContext* ctx, const v1::DeletePersonRequest* request,
                            google::protobuf::Empty* response) override;
  grpc::Status ListPersons(grpc::ServerContext* ctx, const v1::ListPersonsRequest* request,
                           v1::ListPersonsResponse* response) override;
  grpc::Status SetPersonConsent(grpc::ServerContext* ctx,
                                const v1::SetPersonConsentRequest* request,
                                google::protobuf::Empty* response) override;
  grpc::Status PatchPersonConsent(grpc::ServerContext* ctx,
                                  const v1::PatchPersonConsentRequest* request,
                                  v1::PersonDataConsent* response) override;
  grpc::Status GetPersonConsent(grpc::ServerContext* ctx,
                                const v1::GetPersonConsentRequest* request,
                                v1::PersonDataConsent* response) override;
  grpc::Status ListConsentHistory(grpc::ServerContext* ctx,
                                  const v1::ListConsentHistoryRequest* request,
                                  v1::ListConsentHistoryResponse* response) override;

 private:
  ConnectionPool& pool_;
  persons::DataConsentRecorder consent_recorder_;
};

}  // namespace consent
