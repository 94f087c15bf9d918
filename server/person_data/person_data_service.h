#pragma once
// consent.v1.PersonDataService: a person's export (GDPR Art. 15/20) and erasure (Art. 17).
#include <functional>
#include <memory>

#include <absl/time/time.h>

#include "lib/ledger/ledger_signature.h"
#include "proto/consent/v1/person_data.grpc.pb.h"
#include "server/db/connection_pool.h"

namespace consent {

class PersonDataServiceImpl : public v1::PersonDataService::Service {
 public:
  // `key` signs the checkpoint an export ends with.
  PersonDataServiceImpl(ConnectionPool& pool, std::shared_ptr<const ledger::SigningKey> key,
                        std::function<absl::Time()> clock)
      : pool_(pool), key_(std::move(key)), clock_(std::move(clock)) {}

  grpc::Status ExportPerson(grpc::ServerContext* ctx, const v1::ExportPersonRequest* request,
                            grpc::ServerWriter<v1::PersonExportItem>* writer) override;
  grpc::Status ErasePerson(grpc::ServerContext* ctx, const v1::ErasePersonRequest* request,
                           v1::ErasePersonResponse* response) override;

 private:
  ConnectionPool& pool_;
  std::shared_ptr<const ledger::SigningKey> key_;
  std::function<absl::Time()> clock_;
};

}  // namespace consent
