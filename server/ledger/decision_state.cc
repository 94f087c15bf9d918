#include "server/ledger/decision_state.h"

namespace consent::ledger {
namespace {

using CheckState = v1::ConsentDecisionState;

CheckState::State StateOf(const Deciding& d) {
  switch (d.event.state()) {
    case v1::ConsentEvent::granted:
      if (d.version_inactive) return CheckState::reconsent_required;
      return d.expired ? CheckState::expired : CheckState::granted;
    case v1::ConsentEvent::refused:
      return CheckState::refused;
    case v1::ConsentEvent::withdrawn:
      return CheckState::withdrawn;
    case v1::ConsentEvent::awaiting:
      return CheckState::awaiting;
    default:
      return CheckState::none;
  }
}

}  // namespace

v1::ConsentCheckResult Answer(const v1::ConsentCheck& check,
                              const std::optional<Deciding>& deciding) {
  v1::ConsentCheckResult result;
  *result.mutable_check() = check;
  if (!deciding) {
    result.set_state(CheckState::none);
    return result;
  }
  result.set_state(StateOf(*deciding));
  result.set_allowed(result.state() == CheckState::granted);
  *result.mutable_event() = deciding->event;
  return result;
}

}  // namespace consent::ledger
