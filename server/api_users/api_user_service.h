#pragma once
#include <functional>
#include <string>
#include <vector>

#include "proto/consent/v1/api_users.grpc.pb.h"
#include "server/db/connection_pool.h"

namespace consent {

// API users of the call's tenant (see api_users.proto). Passwords are generated here,
// answered once, and stored as Argon2id hashes; `on_password_changed` runs after a
// rotation or deletion commits, so this replica stops trusting the old password at once.
class ApiUserServiceImpl final : public v1::ApiUserService::Service {
 public:
  ApiUserServiceImpl(ConnectionPool& pool, std::vector<std::string> grantable_scopes,
                     std::function<void(const std::string& user_name)> on_password_changed);

  grpc::Status CreateApiUser(grpc::ServerContext* ctx, const v1::CreateApiUserRequest* request,
                             v1::ApiUserCredentials* response) override;
  grpc::Status RotateApiUserPassword(grpc::ServerContext* ctx,
                                     const v1::RotateApiUserPasswordRequest* request,
                                     v1::ApiUserCredentials* response) override;
  grpc::Status DeleteApiUser(grpc::ServerContext* ctx, const v1::DeleteApiUserRequest* request,
                             google::protobuf::Empty* response) override;
  grpc::Status ListApiUsers(grpc::ServerContext* ctx, const v1::ListApiUsersRequest* request,
                            v1::ListApiUsersResponse* response) override;

 private:
  ConnectionPool& pool_;
  const std::vector<std::string> grantable_scopes_;
  const std::function<void(const std::string&)> on_password_changed_;
};

}  // namespace consent
