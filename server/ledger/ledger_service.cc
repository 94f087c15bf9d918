#include "server/ledger/ledger_service.h"

#include <absl/strings/ascii.h>
#include <absl/strings/str_cat.h>

#include "server/common/handler.h"
#include "server/common/idempotency.h"
#include "server/common/paging.h"
#include "server/ledger/confirmations.h"
#include "server/ledger/decision_state.h"
#include "server/ledger/event_append.h"
#include "server/ledger/ledger_proofs.h"
#include "server/ledger/ledger_repository.h"
#include "server/ledger/subject_resolver.h"

namespace consent {
namespace {

// The check query's key of a check (or of a state's subject).
ledger::CheckKey KeyOf(const v1::ConsentCheck& check) {
  ledger::CheckKey key;
  key.person_id = check.person_id();
  if (check.data_consent()) {
    key.subject_kind = "data_consent";
  } else if (check.consent_purpose_id() != 0) {
    key.subject_kind = "purpose";
    key.subject_id = check.consent_purpose_id();
  } else {
    key.subject_kind = "type";
    key.subject_id = check.consent_type_id();
  }
  if (check.medium() != v1::CONSENT_MEDIUM_UNSPECIFIED) {
    key.medium = v1::ConsentMedium_Name(check.medium());
  }
  return key;
}

// An event id is a UUID; anything else names no event (and would not reach the query).
bool IsUuid(const std::string& id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? id[i] != '-' : !absl::ascii_isxdigit(static_cast<unsigned char>(id[i]))) {
      return false;
    }
  }
  return true;
}

// The grant a confirmation records: the awaiting decision's subject, medium and references,
// collected now, with the confirmation's evidence.
v1::ConsentEvent Confirmed(const v1::ConsentEvent& awaiting, const v1::ConsentEvidence& evidence) {
  v1::ConsentEvent e;
  e.set_person_id(awaiting.person_id());
  e.set_data_consent(awaiting.data_consent());
  e.set_consent_purpose_id(awaiting.consent_purpose_id());
  e.set_consent_type_id(awaiting.consent_type_id());
  e.set_consent_version_id(awaiting.consent_version_id());
  e.set_medium(awaiting.medium());
  e.set_state(v1::ConsentEvent::granted);
  e.set_legal_base_id(awaiting.legal_base_id());
  e.set_consent_source_id(awaiting.consent_source_id());
  *e.mutable_notice() = awaiting.notice();
  e.set_description(absl::StrCat("double opt-in confirmation of event ", awaiting.event_id()));
  *e.mutable_evidence() = evidence;
  return e;
}

}  // namespace

grpc::Status LedgerServiceImpl::RecordConsent(grpc::ServerContext* ctx,
                                              const v1::RecordConsentRequest* request,
                                              v1::ConsentEvent* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    const absl::Time now = options_.clock();
    if (auto valid = ledger::ValidateRecord(*request, now, options_.limits); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<IdempotencyKey> key = IdempotencyKeyOf(call, "RecordConsent", *request);
    if (!key.ok()) return key.status();
    const ledger::Resolving decision{&call, request, now};
    std::string token;
    absl::Status written;
    if (key->empty() && !request->double_opt_in()) {
      auto recorded = recorder_.Record(decision);
      written = recorded.status();
      if (recorded.ok()) *response = *std::move(recorded);
    } else {
      // The remembered answer holds no token: a token is handed out once, to the first call.
      written = pool_.InTransaction([&](pqxx::transaction_base& txn) {
        return OncePerKey(txn, call, *key, response,
                          [&]() -> absl::StatusOr<long long> {
                            auto recorded = ledger::DecisionRecorder::RecordIn(txn, decision);
                            if (!recorded.ok()) return recorded.status();
                            *response = *std::move(recorded);
                            if (request->double_opt_in()) {
                              token = ledger::NewConfirmationToken();
                              const absl::Time expires = now + options_.confirmation_ttl;
                              ledger::AddConfirmation(txn, call, *response, token, expires);
                              response->set_confirmation_expires_at(ledger::Rfc3339(expires));
                            }
                            return 1;
                          })
            .status();
      });
    }
    if (!written.ok()) return written;
    response->set_confirmation_token(token);
    SetCreated(*ctx, absl::StrCat("/v1/consent-events/", response->event_id()));
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::GetPersonConsents(grpc::ServerContext* ctx,
                                                  const v1::GetPersonConsentsRequest* request,
                                                  v1::PersonConsents* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    absl::Time at;
    if (auto s = ledger::ParseAt(request->at(), options_.clock(), &at); !s.ok()) return s;
    auto decisions =
        pool_.SingleStatement<std::vector<std::pair<v1::ConsentCheck, ledger::Deciding>>>(
            [&](pqxx::transaction_base& txn) {
              return ledger::PersonDecisions(txn, call, request->person_id(), at);
            });
    if (!decisions.ok()) return decisions.status();
    response->set_person_id(request->person_id());
    response->set_at(ledger::Rfc3339(at));
    for (const auto& [subject, deciding] : *decisions) {
      *response->add_consents() = ledger::Answer(subject, deciding);
    }
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::CheckConsents(grpc::ServerContext* ctx,
                                              const v1::CheckConsentsRequest* request,
                                              v1::CheckConsentsResponse* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    if (auto valid = ledger::ValidateCheck(*request); !valid.ok()) return valid;
    absl::Time at;
    if (auto s = ledger::ParseAt(request->at(), options_.clock(), &at); !s.ok()) return s;
    std::vector<ledger::CheckKey> keys;
    keys.reserve(request->checks_size());
    for (const auto& check : request->checks()) keys.push_back(KeyOf(check));
    auto latest = pool_.SingleStatement<std::vector<std::optional<ledger::Deciding>>>(
        [&](pqxx::transaction_base& txn) {
          return ledger::LatestDecisions(txn, call.tenant, keys, at);
        });
    if (!latest.ok()) return latest.status();
    response->set_at(ledger::Rfc3339(at));
    for (int i = 0; i < request->checks_size(); ++i) {
      *response->add_results() = ledger::Answer(request->checks(i), (*latest)[i]);
    }
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::ConfirmConsent(grpc::ServerContext* ctx,
                                               const v1::ConfirmConsentRequest* request,
                                               v1::ConsentEvent* response) {
  // No tenant in the call: the token names it. Who confirmed is the person, by the token.
  CallContext by_token;
  by_token.principal = "double-opt-in";
  return HandleWithContext(by_token, *request, [&](CallContext call) -> absl::Status {
    if (auto s = ledger::ValidateEvidence(request->evidence(), "evidence."); !s.ok()) return s;
    if (request->token().empty() || request->token().size() > 100) {
      return absl::NotFoundError("no such confirmation token");
    }
    const absl::Time now = options_.clock();
    return pool_.InTransaction([&](pqxx::transaction_base& txn) -> absl::Status {
      auto claimed = ledger::Claim(txn, request->token(), now);
      if (!claimed.ok()) return claimed.status();
      call.tenant = claimed->tenant;
      auto awaiting = ledger::GetEvent(txn, call, claimed->event_id);
      if (!awaiting.ok()) return awaiting.status();
      ledger::NewEvent grant =
          ledger::Prepare(call, Confirmed(*awaiting, request->evidence()), now);
      if (auto s = ledger::Append(txn, call, grant); !s.ok()) return s;
      ledger::SetConfirmedBy(txn, request->token(), grant.event.event_id());
      *response = std::move(grant.event);
      return absl::OkStatus();
    });
  });
}

grpc::Status LedgerServiceImpl::ListConsentEvents(grpc::ServerContext* ctx,
                                                  const v1::ListConsentEventsRequest* request,
                                                  v1::ListConsentEventsResponse* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto page =
        ParsePageRequest(request->page_size(), request->page_token(),
                         absl::StrCat(call.tenant, "/consent-events/", request->person_id()));
    if (!page.ok()) return page.status();
    auto listed =
        pool_.SingleStatement<v1::ListConsentEventsResponse>([&](pqxx::transaction_base& txn) {
          return ledger::ListEvents(txn, call, request->person_id(), *page);
        });
    if (!listed.ok()) return listed.status();
    *response = *std::move(listed);
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::GetConsentEvent(grpc::ServerContext* ctx,
                                                const v1::GetConsentEventRequest* request,
                                                v1::ConsentEvent* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto event = EventById(call, request->event_id());
    if (!event.ok()) return event.status();
    *response = *std::move(event);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ConsentEvent> LedgerServiceImpl::EventById(const CallContext& call,
                                                              const std::string& id) {
  if (!IsUuid(id)) return absl::NotFoundError("no such consent event");
  return pool_.SingleStatement<v1::ConsentEvent>(
      [&](pqxx::transaction_base& txn) { return ledger::GetEvent(txn, call, id); });
}

grpc::Status LedgerServiceImpl::GetConsentReceipt(grpc::ServerContext* ctx,
                                                  const v1::GetConsentReceiptRequest* request,
                                                  v1::ConsentReceipt* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto event = EventById(call, request->event_id());
    if (!event.ok()) return event.status();
    *response = ledger::Receipt(call.tenant, *event, *options_.signing_key, options_.clock());
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::GetLedgerCheckpoint(grpc::ServerContext* ctx,
                                                    const v1::GetLedgerCheckpointRequest* request,
                                                    v1::LedgerCheckpoint* response) {
  return Handle(ctx, *request, [&](const CallContext& call) -> absl::Status {
    auto checkpoint = pool_.InTransaction<v1::LedgerCheckpoint>([&](pqxx::transaction_base& txn) {
      return ledger::Checkpoint(txn, call.tenant, *options_.signing_key, options_.clock());
    });
    if (!checkpoint.ok()) return checkpoint.status();
    *response = *std::move(checkpoint);
    return absl::OkStatus();
  });
}

grpc::Status LedgerServiceImpl::GetLedgerKeys(grpc::ServerContext* ctx,
                                              const v1::GetLedgerKeysRequest* request,
                                              v1::LedgerKeys* response) {
  // Public, and the keys are the same for every tenant: no tenant needed.
  return HandleWithContext(CallContext{}, *request, [&](const CallContext&) -> absl::Status {
    response->set_jwks_json(ledger::Jwks({options_.signing_key.get()}));
    return absl::OkStatus();
  });
}

}  // namespace consent
