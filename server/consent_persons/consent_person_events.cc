#include "server/consent_persons/consent_person_events.h"

#include <absl/time/clock.h>

#include "server/ledger/ledger_repository.h"

namespace consent::consent_persons {
namespace {

absl::Status Append(pqxx::transaction_base& txn, const CallContext& call,
                    const v1::ConsentPerson& record, int purpose_id,
                    v1::ConsentEvent::State state) {
  v1::ConsentEvent e;
  e.set_person_id(record.person_id());
  e.set_consent_purpose_id(purpose_id);
  e.set_state(state);
  e.set_legal_base_id(record.legal_base().legal_base_id());
  e.set_consent_source_id(record.consent_source().consent_source_id());
  if (state == v1::ConsentEvent::granted) {
    const v1::ConsentPurpose& purpose = record.consent_purpose();
    e.mutable_notice()->set_name(purpose.name());
    e.mutable_notice()->set_consent_text(purpose.consent_text());
    e.mutable_notice()->set_form_text(purpose.form_text());
  }
  e.set_description(record.comment());
  ledger::NewEvent event = ledger::Prepare(call, std::move(e), absl::Now());
  return ledger::Append(txn, call, event);
}

}  // namespace

absl::Status AppendSaveEvents(pqxx::transaction_base& txn, const CallContext& call,
                              const v1::ConsentPerson& saved, std::optional<int> before_purpose) {
  const int purpose = saved.consent_purpose().consent_purpose_id();
  if (before_purpose && *before_purpose != 0 && *before_purpose != purpose) {
    if (auto s = Append(txn, call, saved, *before_purpose, v1::ConsentEvent::withdrawn); !s.ok()) {
      return s;
    }
  }
  if (purpose == 0) return absl::OkStatus();  // a record without a purpose decides nothing
  return Append(txn, call, saved, purpose, v1::ConsentEvent::granted);
}

}  // namespace consent::consent_persons
