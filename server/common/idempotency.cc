#include "common/idempotency.h"

#include <absl/strings/str_cat.h>

namespace consent {

bool ReplayIfSeen(pqxx::work& txn, const CallContext& call, const std::string& method,
                  const std::string& request_id, google::protobuf::Message* response) {
  if (request_id.empty()) return false;
  txn.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                  absl::StrCat(call.tenant, "\n", method, "\n", request_id));
  auto rows = txn.exec_params(
      "SELECT response FROM idempotent_requests WHERE tenant = $1 AND method = $2"
      " AND request_id = $3",
      call.tenant, method, request_id);
  if (rows.empty()) return false;
  pqxx::binarystring bytes(rows[0][0]);
  return response->ParseFromString(bytes.str());
}

void Remember(pqxx::work& txn, const CallContext& call, const std::string& method,
              const std::string& request_id, const google::protobuf::Message& response) {
  if (request_id.empty()) return;
  pqxx::binarystring bytes(response.SerializeAsString());
  txn.exec_params(
      "INSERT INTO idempotent_requests (tenant, method, request_id, response)"
      " VALUES ($1, $2, $3, $4)",
      call.tenant, method, request_id, bytes);
}

}  // namespace consent
