#pragma once
// Idempotent creates (AIP-155): a create carrying a request id stores its response in the
// same transaction; a retry with the same id gets that response instead of a duplicate.
#include <optional>
#include <string>

#include <google/protobuf/message.h>
#include <pqxx/pqxx>

#include "server/common/call_context.h"

namespace consent {

// Fills `response` and returns true when this request id was already answered.
// Takes a transaction-scoped lock on the id so concurrent retries serialise.
bool ReplayIfSeen(pqxx::transaction_base& txn, const CallContext& call, const std::string& method,
                  const std::string& request_id, google::protobuf::Message* response);

void Remember(pqxx::transaction_base& txn, const CallContext& call, const std::string& method,
              const std::string& request_id, const google::protobuf::Message& response);

}  // namespace consent
