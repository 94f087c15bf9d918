#include "server/person_data/person_data_service.h"

#include <vector>

#include "server/common/handler.h"
#include "server/person_data/person_erasure.h"
#include "server/person_data/person_export.h"

namespace consent {

grpc::Status PersonDataServiceImpl::ExportPerson(grpc::ServerContext* ctx,
                                                 const v1::ExportPersonRequest* request,
                                                 grpc::ServerWriter<v1::PersonExportItem>* writer) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    // Read in one transaction (a consistent picture), written after it ends, so a slow
    // reader holds no database connection.
    auto items =
        pool_.InTransaction<std::vector<v1::PersonExportItem>>([&](pqxx::transaction_base& txn) {
          // One snapshot: the checkpoint, its proof and the events agree.
          txn.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
          return person_data::ExportPerson(txn, call, request->person_id(), *key_);
        });
    if (!items.ok()) return items.status();
    for (const auto& item : *items) {
      if (!writer->Write(item)) return absl::CancelledError("the client went away");
    }
    return absl::OkStatus();
  });
}

grpc::Status PersonDataServiceImpl::ErasePerson(grpc::ServerContext* ctx,
                                                const v1::ErasePersonRequest* request,
                                                v1::ErasePersonResponse* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto erased = pool_.InTransaction<v1::ErasePersonResponse>([&](pqxx::transaction_base& txn) {
      return person_data::ErasePerson(txn, call, request->person_id(), clock_());
    });
    if (!erased.ok()) return erased.status();
    *response = *std::move(erased);
    return absl::OkStatus();
  });
}

}  // namespace consent
