#include "server/common/idempotency.h"

#include <atomic>
#include <cstdint>

#include <absl/strings/str_cat.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/sha.h>

#include "lib/wire/request_id.h"
#include "lib/wire/status_details.h"
#include "server/db/statement.h"

namespace consent {
namespace {

std::atomic<int64_t> retention_ms{24 * 60 * 60 * 1000};

const db::Statement kLock("idempotency.lock",
                          absl::StrCat("SELECT pg_advisory_xact_lock(", KeyLockIdSql("$1"), ")"));
const db::Statement kFind("idempotency.find",
                          "SELECT fingerprint, response, version,"
                          " extract(epoch FROM now() - created_at)::float8"
                          " FROM idempotent_requests WHERE tenant = $1 AND method = $2"
                          " AND request_id = $3");
const db::Statement kForget("idempotency.forget",
                            "DELETE FROM idempotent_requests WHERE tenant = $1 AND method = $2"
                            " AND request_id = $3");
const db::Statement kRemember("idempotency.remember",
                              "INSERT INTO idempotent_requests (tenant, method, request_id,"
                              " fingerprint, response, version) VALUES ($1, $2, $3, $4, $5, $6)");
// Oldest first, in bounded bites; rows another replica is deleting are left to it.
const db::Statement kPrune("idempotency.prune",
                           "DELETE FROM idempotent_requests WHERE ctid IN (SELECT ctid"
                           " FROM idempotent_requests WHERE created_at < now() -"
                           " make_interval(secs => $1) ORDER BY created_at LIMIT $2"
                           " FOR UPDATE SKIP LOCKED)");

// The request's bytes in a stable order (map entries sorted) and its precondition.
std::string Fingerprint(const CallContext& call, const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&out);
  }
  bytes.push_back(call.if_match ? '\1' : '\0');
  bytes += call.if_match.value_or("");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

RememberedAnswer FromRow(const pqxx::row& row) {
  RememberedAnswer answer;
  if (!row[0].is_null()) answer.fingerprint = pqxx::binarystring(row[0]).str();
  answer.response = pqxx::binarystring(row[1]).str();
  answer.version = row[2].as<long long>();
  answer.age_seconds = row[3].as<double>();
  return answer;
}

}  // namespace

std::string IdempotencyKey::LockName(const CallContext& call) const {
  return absl::StrCat(call.tenant, "\n", method, "\n", key);
}

absl::StatusOr<IdempotencyKey> IdempotencyKeyOf(const CallContext& call, std::string method,
                                                const google::protobuf::Message& request) {
  IdempotencyKey key{.method = std::move(method)};
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName(wire::kIdempotencyKeyField);
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return key;
  }
  key.field = field->json_name();
  key.key = request.GetReflection()->GetString(request, field);
  if (key.key.empty()) return key;
  if (!wire::IsAcceptableRequestId(key.key)) {
    return wire::FieldViolation(key.field, absl::StrCat("must be 1..", wire::kMaxRequestIdLength,
                                                        " printable ASCII characters"));
  }
  key.fingerprint = Fingerprint(call, request);
  return key;
}

absl::StatusOr<std::optional<RememberedAnswer>> Replayable(const IdempotencyKey& key,
                                                           RememberedAnswer remembered) {
  if (remembered.age_seconds > absl::ToDoubleSeconds(IdempotencyRetention())) return std::nullopt;
  if (!remembered.fingerprint.empty() && remembered.fingerprint != key.fingerprint) {
    return wire::FieldViolation(key.field,
                                "was already used for a different request: a new request needs a"
                                " new key");
  }
  return remembered;
}

absl::StatusOr<long long> OncePerKey(pqxx::transaction_base& txn, const CallContext& call,
                                     const IdempotencyKey& key, google::protobuf::Message* response,
                                     const std::function<absl::StatusOr<long long>()>& write) {
  if (key.empty()) return write();
  kLock.Run(txn, key.LockName(call));
  if (auto rows = kFind.Run(txn, call.tenant, key.method, key.key); !rows.empty()) {
    absl::StatusOr<std::optional<RememberedAnswer>> replay = Replayable(key, FromRow(rows[0]));
    if (!replay.ok()) return replay.status();
    if (*replay) {
      if (!response->ParseFromString((*replay)->response)) {
        return absl::InternalError("a remembered answer does not parse");
      }
      return (*replay)->version;
    }
    kForget.Run(txn, call.tenant, key.method, key.key);  // past the retention: a new call
  }
  absl::StatusOr<long long> version = write();
  if (!version.ok()) return version;
  kRemember.Run(txn, call.tenant, key.method, key.key, pqxx::binarystring(key.fingerprint),
                pqxx::binarystring(response->SerializeAsString()), *version);
  return version;
}

std::string KeyLockIdSql(const std::string& name) {
  return absl::StrCat("hashtextextended(", name, ", 0)");
}

absl::Duration IdempotencyRetention() { return absl::Milliseconds(retention_ms.load()); }

void SetIdempotencyRetention(absl::Duration retention) {
  retention_ms.store(absl::ToInt64Milliseconds(retention));
}

int PruneIdempotencyKeys(pqxx::transaction_base& txn, int limit) {
  return kPrune.Run(txn, absl::ToDoubleSeconds(IdempotencyRetention()), limit).affected_rows();
}

}  // namespace consent
