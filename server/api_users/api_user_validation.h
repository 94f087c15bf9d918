#pragma once
// What an API user may be: its name (auth::IsApiUserName) and its scopes (1 to 32 of the scopes the
// API declares, never the api-users ones: an API user cannot make more API users).
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "proto/consent/v1/api_users.pb.h"

namespace consent::api_users {

// Every scope declared by the methods of `services` (full names) except consent:api-users:*.
std::vector<std::string> GrantableScopes(const std::vector<std::string>& services);

// INVALID_ARGUMENT with a violation per bad field ("user_name", "scopes[i]").
absl::Status ValidateUserName(const std::string& user_name);
absl::Status ValidateCreate(const v1::CreateApiUserRequest& request,
                            const std::vector<std::string>& grantable);

}  // namespace consent::api_users
