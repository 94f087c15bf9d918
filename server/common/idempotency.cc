#include "server/common/idempotency.h"

#include <absl/strings/str_cat.h>

#include "server/db/statement.h"

namespace consent {
namespace {

const db::Statement kLock("idempotency.lock",
                          "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
const db::Statement kFind("idempotency.find",
                          "SELECT response FROM idempotent_requests WHERE tenant = $1"
                          " AND method = $2 AND request_id = $3");
const db::Statement kRemember("idempotency.remember",
                              "INSERT INTO idempotent_requests (tenant, method, request_id,"
                              " response) VALUES ($1, $2, $3, $4)");

}  // namespace

bool ReplayIfSeen(pqxx::transaction_base& txn, const CallContext& call, const std::string& method,
                  const std::string& request_id, google::protobuf::Message* response) {
  if (request_id.empty()) return false;
  kLock.Run(txn, absl::StrCat(call.tenant, "\n", method, "\n", request_id));
  auto rows = kFind.Run(txn, call.tenant, method, request_id);
  if (rows.empty()) return false;
  pqxx::binarystring bytes(rows[0][0]);
  return response->ParseFromString(bytes.str());
}

void Remember(pqxx::transaction_base& txn, const CallContext& call, const std::string& method,
              const std::string& request_id, const google::protobuf::Message& response) {
  if (request_id.empty()) return;
  pqxx::binarystring bytes(response.SerializeAsString());
  kRemember.Run(txn, call.tenant, method, request_id, bytes);
}

}  // namespace consent
