#pragma once
// Every consentctl subcommand, in --help order.
#include <vector>

#include "client/consentctl/command.h"

namespace consent::ctl {

std::vector<Command> AllCommands();

}  // namespace consent::ctl
