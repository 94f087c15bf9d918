#pragma once
// consentctl's development-identity commands, which need no server: the JWKS of a PEM
// signing key (what the server trusts) and tokens signed with it (what clients send).
#include <vector>

#include "client/consentctl/command.h"

namespace consent::ctl {

std::vector<Command> DevCommands();

}  // namespace consent::ctl
