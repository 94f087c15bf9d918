#include "server/api_users/api_user_validation.h"

#include <algorithm>
#include <set>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <google/protobuf/descriptor.h>

#include "lib/wire/status_details.h"
#include "proto/consent/v1/access.pb.h"
#include "server/auth/basic_verifier.h"

namespace consent::api_users {
namespace {

constexpr char kApiUsersScopes[] = "consent:api-users:";
constexpr int kMaxScopes = 32;

void CheckUserName(const std::string& user_name, wire::FieldViolations& violations) {
  if (!auth::IsApiUserName(user_name)) {
    violations.Add("user_name", "must be 3 to 64 of the characters A-Z a-z 0-9 . _ @ -");
  }
}

}  // namespace

std::vector<std::string> GrantableScopes(const std::vector<std::string>& services) {
  std::set<std::string> scopes;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const auto* service = pool->FindServiceByName(name);
    for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
      const std::string& scope = service->method(i)->options().GetExtension(v1::access).scope();
      if (!scope.empty() && !absl::StartsWith(scope, kApiUsersScopes)) scopes.insert(scope);
    }
  }
  return {scopes.begin(), scopes.end()};
}

absl::Status ValidateUserName(const std::string& user_name) {
  wire::FieldViolations violations;
  CheckUserName(user_name, violations);
  return violations.ToStatus();
}

absl::Status ValidateCreate(const v1::CreateApiUserRequest& request,
                            const std::vector<std::string>& grantable) {
  wire::FieldViolations violations;
  CheckUserName(request.user_name(), violations);
  if (request.scopes_size() == 0) violations.Add("scopes", "name at least one scope");
  if (request.scopes_size() > kMaxScopes) {
    violations.Add("scopes", absl::StrCat("at most ", kMaxScopes, " scopes"));
  } else {
    std::set<std::string> seen;
    for (int i = 0; i < request.scopes_size(); ++i) {
      const std::string& scope = request.scopes(i);
      const std::string field = absl::StrCat("scopes[", i, "]");
      if (std::find(grantable.begin(), grantable.end(), scope) == grantable.end()) {
        violations.Add(field, "is not a scope an API user can hold");
      } else if (!seen.insert(scope).second) {
        violations.Add(field, "is named twice");
      }
    }
  }
  return violations.ToStatus();
}

}  // namespace consent::api_users
