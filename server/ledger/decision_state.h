#pragma once
// What a check answers from the event that decides it (ledger_repository.h's Deciding):
// a grant counts while its version is active and until it expires; awaiting never allows
// contact; no event is `none`.
#include <optional>

#include "proto/consent/v1/ledger.pb.h"
#include "server/ledger/ledger_repository.h"

namespace consent::ledger {

v1::ConsentCheckResult Answer(const v1::ConsentCheck& check,
                              const std::optional<Deciding>& deciding);

}  // namespace consent::ledger
