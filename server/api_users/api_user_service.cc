#include "server/api_users/api_user_service.h"

#include <absl/strings/str_cat.h>

#include "server/api_users/api_user_repository.h"
#include "server/api_users/api_user_validation.h"
#include "server/auth/passwords.h"
#include "server/common/handler.h"

namespace consent {
namespace {

// A generated password and the only form of it that is stored.
struct NewPassword {
  std::string password;
  std::string hash;
};

absl::StatusOr<NewPassword> MakePassword() {
  std::string password = auth::GeneratePassword();
  absl::StatusOr<std::string> hash = auth::HashPassword(password);
  if (!hash.ok()) return hash.status();
  return NewPassword{std::move(password), *std::move(hash)};
}

}  // namespace

ApiUserServiceImpl::ApiUserServiceImpl(
    ConnectionPool& pool, std::vector<std::string> grantable_scopes,
    std::function<void(const std::string& user_name)> on_password_changed)
    : pool_(pool),
      grantable_scopes_(std::move(grantable_scopes)),
      on_password_changed_(std::move(on_password_changed)) {}

grpc::Status ApiUserServiceImpl::CreateApiUser(grpc::ServerContext* ctx,
                                               const v1::CreateApiUserRequest* request,
                                               v1::ApiUserCredentials* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    if (auto s = api_users::ValidateCreate(*request, grantable_scopes_); !s.ok()) return s;
    absl::StatusOr<NewPassword> fresh = MakePassword();
    if (!fresh.ok()) return fresh.status();
    std::string& password = fresh->password;
    const std::string& hash = fresh->hash;
    absl::StatusOr<v1::ApiUser> user =
        pool_.InTransaction<v1::ApiUser>([&](pqxx::transaction_base& txn) {
          if (api_users::CountUsers(txn, call.tenant) >= api_users::kMaxUsersPerTenant) {
            return absl::StatusOr<v1::ApiUser>(absl::ResourceExhaustedError(
                absl::StrCat("a tenant has at most ", api_users::kMaxUsersPerTenant,
                             " API users; delete one first")));
          }
          return api_users::Insert(txn, call.tenant, *request, hash, call.principal);
        });
    if (!user.ok()) return user.status();
    *response->mutable_user() = *std::move(user);
    response->set_password(std::move(password));
    return absl::OkStatus();
  });
}

grpc::Status ApiUserServiceImpl::RotateApiUserPassword(
    grpc::ServerContext* ctx, const v1::RotateApiUserPasswordRequest* request,
    v1::ApiUserCredentials* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    if (auto s = api_users::ValidateUserName(request->user_name()); !s.ok()) return s;
    absl::StatusOr<NewPassword> fresh = MakePassword();
    if (!fresh.ok()) return fresh.status();
    std::string& password = fresh->password;
    const std::string& hash = fresh->hash;
    absl::StatusOr<v1::ApiUser> user =
        pool_.InTransaction<v1::ApiUser>([&](pqxx::transaction_base& txn) {
          return api_users::SetPassword(txn, call.tenant, request->user_name(), hash);
        });
    if (!user.ok()) return user.status();
    on_password_changed_(request->user_name());
    *response->mutable_user() = *std::move(user);
    response->set_password(std::move(password));
    return absl::OkStatus();
  });
}

grpc::Status ApiUserServiceImpl::DeleteApiUser(grpc::ServerContext* ctx,
                                               const v1::DeleteApiUserRequest* request,
                                               google::protobuf::Empty*) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    if (auto s = api_users::ValidateUserName(request->user_name()); !s.ok()) return s;
    absl::Status deleted = pool_.InTransaction([&](pqxx::transaction_base& txn) {
      return api_users::Delete(txn, call.tenant, request->user_name());
    });
    if (deleted.ok()) on_password_changed_(request->user_name());
    return deleted;
  });
}

grpc::Status ApiUserServiceImpl::ListApiUsers(grpc::ServerContext* ctx,
                                              const v1::ListApiUsersRequest* request,
                                              v1::ListApiUsersResponse* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    return pool_.SingleStatement([&](pqxx::transaction_base& txn) {
      for (v1::ApiUser& user : api_users::List(txn, call.tenant)) {
        *response->add_api_users() = std::move(user);
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace consent
