#include "server/api_users/api_user_repository.h"

#include <google/protobuf/util/time_util.h>
#include <nlohmann/json.hpp>

#include "server/db/statement.h"

namespace consent::api_users {
namespace {

constexpr char kColumns[] =
    " user_name, array_to_json(scopes)::text, created_by,"
    " (extract(epoch FROM created_at) * 1000000)::bigint,"
    " (extract(epoch FROM password_rotated_at) * 1000000)::bigint";

const db::Statement kCount("api_users.count", "SELECT count(*) FROM api_users WHERE tenant = $1");
const db::Statement kInsert("api_users.insert",
                            std::string("INSERT INTO api_users (user_name, tenant, password_hash,"
                                        " scopes, created_by) VALUES ($1, $2, $3,"
                                        " ARRAY(SELECT json_array_elements_text($4::json)), $5)"
                                        " ON CONFLICT (user_name) DO NOTHING RETURNING") +
                                kColumns);
const db::Statement kSetPassword(
    "api_users.set_password",
    std::string("UPDATE api_users SET password_hash = $3, password_rotated_at = now()"
                " WHERE tenant = $1 AND user_name = $2 RETURNING") +
        kColumns);
const db::Statement kDelete("api_users.delete",
                            "DELETE FROM api_users WHERE tenant = $1 AND user_name = $2");
const db::Statement kList("api_users.list",
                          std::string("SELECT") + kColumns +
                              " FROM api_users WHERE tenant = $1 ORDER BY user_name");
const db::Statement kForLogin(
    "api_users.for_login",
    "SELECT tenant, password_hash, array_to_json(scopes)::text FROM api_users"
    " WHERE user_name = $1");

// Scopes travel as JSON arrays of strings (text[] in the table).
std::vector<std::string> Scopes(const pqxx::field& field) {
  return nlohmann::json::parse(field.as<std::string>()).get<std::vector<std::string>>();
}

v1::ApiUser FromRow(const pqxx::row& row) {
  using google::protobuf::util::TimeUtil;
  v1::ApiUser user;
  user.set_user_name(row[0].as<std::string>());
  for (std::string& scope : Scopes(row[1])) user.add_scopes(std::move(scope));
  user.set_created_by(row[2].as<std::string>());
  *user.mutable_created() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  *user.mutable_password_rotated() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  return user;
}

absl::Status NoSuchUser(const std::string& user_name) {
  return absl::NotFoundError("no API user " + user_name + " in this tenant");
}

}  // namespace

int CountUsers(pqxx::transaction_base& txn, const std::string& tenant) {
  return kCount.RunOne(txn, tenant)[0].as<int>();
}

absl::StatusOr<v1::ApiUser> Insert(pqxx::transaction_base& txn, const std::string& tenant,
                                   const v1::CreateApiUserRequest& request,
                                   const std::string& password_hash,
                                   const std::string& created_by) {
  const std::string scopes =
      nlohmann::json(std::vector<std::string>(request.scopes().begin(), request.scopes().end()))
          .dump();
  pqxx::result rows =
      kInsert.Run(txn, request.user_name(), tenant, password_hash, scopes, created_by);
  if (rows.empty()) {
    return absl::AlreadyExistsError("the API user name " + request.user_name() +
                                    " is taken; choose another");
  }
  return FromRow(rows[0]);
}

absl::StatusOr<v1::ApiUser> SetPassword(pqxx::transaction_base& txn, const std::string& tenant,
                                        const std::string& user_name,
                                        const std::string& password_hash) {
  pqxx::result rows = kSetPassword.Run(txn, tenant, user_name, password_hash);
  if (rows.empty()) return NoSuchUser(user_name);
  return FromRow(rows[0]);
}

absl::Status Delete(pqxx::transaction_base& txn, const std::string& tenant,
                    const std::string& user_name) {
  if (kDelete.Run(txn, tenant, user_name).affected_rows() == 0) return NoSuchUser(user_name);
  return absl::OkStatus();
}

std::vector<v1::ApiUser> List(pqxx::transaction_base& txn, const std::string& tenant) {
  std::vector<v1::ApiUser> users;
  for (const pqxx::row& row : kList.Run(txn, tenant)) users.push_back(FromRow(row));
  return users;
}

auth::ApiUserLookup LoginLookup(ConnectionPool& pool) {
  return
      [&pool](const std::string& user_name) -> absl::StatusOr<std::optional<auth::StoredApiUser>> {
        return pool.SingleStatement<std::optional<auth::StoredApiUser>>(
            [&](pqxx::transaction_base& txn) -> absl::StatusOr<std::optional<auth::StoredApiUser>> {
              pqxx::result rows = kForLogin.Run(txn, user_name);
              if (rows.empty()) return std::nullopt;
              return auth::StoredApiUser{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                                         Scopes(rows[0][2])};
            });
      };
}

}  // namespace consent::api_users
