#pragma once
// consentctl's ledger commands that need no server: `ledger verify`, which recomputes the
// chains and the checkpoint of an export offline (lib/ledger/export_verifier.h).
#include <vector>

#include "client/consentctl/command.h"

namespace consent::ctl {

std::vector<Command> LedgerCommands();

}  // namespace consent::ctl
