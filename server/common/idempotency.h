#pragma once
// Idempotency keys (AIP-155 `request_id`; REST: the Idempotency-Key header). A write that
// carries one stores its answer with the key, in the same transaction as the write, so a
// retry with the same key gets the first answer instead of writing again. Keys are scoped
// to the tenant and the RPC; the same key with another request is refused; a key is
// remembered for the retention (--idempotency-retention-seconds), then forgotten.
#include <functional>
#include <optional>
#include <string>

#include <absl/status/statusor.h>
#include <absl/time/time.h>
#include <google/protobuf/message.h>
#include <pqxx/pqxx>

#include "server/common/call_context.h"

namespace consent {

// The key a call sent, with what it must match on a retry.
struct IdempotencyKey {
  std::string method;  // the RPC, e.g. "SetPersonConsent": keys are per RPC
  std::string key;     // empty: the call sent none
  std::string field;   // the JSON name of the request's key field, for violations
  // SHA-256 of the request (deterministic serialization) and its If-Match: a retry must
  // send the same request to get the first answer.
  std::string fingerprint;

  bool empty() const { return key.empty(); }
  // The advisory lock's name: concurrent calls with one key run one after another.
  std::string LockName(const CallContext& call) const;
};

// The key of `request`, from its `request_id` field: none when that is empty, else
// INVALID_ARGUMENT with a field violation on "requestId" unless it is 1..128 printable
// ASCII characters (wire::IsAcceptableRequestId).
absl::StatusOr<IdempotencyKey> IdempotencyKeyOf(const CallContext& call, std::string method,
                                                const google::protobuf::Message& request);

// The first answer to a key, as remembered.
struct RememberedAnswer {
  std::string fingerprint;  // empty for answers kept before fingerprints were
  std::string response;     // the serialized response message
  long long version = 0;    // the version its ETag named
  double age_seconds = 0;
};

// What a call with `key` does about `remembered`: replays it (the answer), or writes anew
// (nullopt: it is past the retention), or is refused with INVALID_ARGUMENT (a field
// violation on "requestId", REST 422) when the key came with another request.
absl::StatusOr<std::optional<RememberedAnswer>> Replayable(const IdempotencyKey& key,
                                                           RememberedAnswer remembered);

// Runs `write` at most once per key. Without a key it just runs. With one, it takes the
// key's advisory lock (held until `txn` ends), then replays a remembered answer (parsed
// into `response`; its version is returned) without running `write`, or runs `write`
// (which fills `response` and returns the answer's version) and remembers the answer in
// `txn`, so both commit or neither does.
absl::StatusOr<long long> OncePerKey(pqxx::transaction_base& txn, const CallContext& call,
                                     const IdempotencyKey& key, google::protobuf::Message* response,
                                     const std::function<absl::StatusOr<long long>()>& write);

// SQL for the advisory-lock id of a LockName() held in the SQL expression `name`, for
// statements that take key locks themselves (the data-consent group commit).
std::string KeyLockIdSql(const std::string& name);

// How long a key is remembered; set once at start (default 24 h).
absl::Duration IdempotencyRetention();
void SetIdempotencyRetention(absl::Duration retention);

// Deletes up to `limit` keys older than the retention; returns how many it deleted.
int PruneIdempotencyKeys(pqxx::transaction_base& txn, int limit);

}  // namespace consent
