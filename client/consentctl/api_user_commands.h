#pragma once
// `consentctl api-users ...`: the API users (Basic credentials) of the tenant.
#include <vector>

#include "client/consentctl/command.h"

namespace consent::ctl {

std::vector<Command> ApiUserCommands();

}  // namespace consent::ctl
