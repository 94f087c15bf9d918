#pragma once
// API users in PostgreSQL (table api_users, migration 0005): one row per user, unique by
// name across tenants, holding the Argon2id hash of its password and never the password.
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/api_users.pb.h"
#include "server/auth/basic_verifier.h"
#include "server/db/connection_pool.h"

namespace consent::api_users {

// At most this many API users per tenant.
inline constexpr int kMaxUsersPerTenant = 100;

int CountUsers(pqxx::transaction_base& txn, const std::string& tenant);
// ALREADY_EXISTS when the name is taken (in any tenant).
absl::StatusOr<v1::ApiUser> Insert(pqxx::transaction_base& txn, const std::string& tenant,
                                   const v1::CreateApiUserRequest& request,
                                   const std::string& password_hash, const std::string& created_by);
// NOT_FOUND when the tenant has no such user.
absl::StatusOr<v1::ApiUser> SetPassword(pqxx::transaction_base& txn, const std::string& tenant,
                                        const std::string& user_name,
                                        const std::string& password_hash);
absl::Status Delete(pqxx::transaction_base& txn, const std::string& tenant,
                    const std::string& user_name);
std::vector<v1::ApiUser> List(pqxx::transaction_base& txn, const std::string& tenant);

// How BasicVerifier finds a user by name, over `pool`.
auth::ApiUserLookup LoginLookup(ConnectionPool& pool);

}  // namespace consent::api_users
