#pragma once
// The fixture of the LedgerService tests: stubs on the shared server, a tenant of its own,
// and helpers that create what decisions refer to and record and check them.
#include <memory>
#include <string>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "proto/consent/v1/consent_types.grpc.pb.h"
#include "proto/consent/v1/ledger.grpc.pb.h"
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_stack.h"

namespace consent {

class LedgerTest : public ::testing::Test {
 protected:
  std::shared_ptr<grpc::Channel> channel_ = testing::SharedServer().Channel();
  std::unique_ptr<v1::LedgerService::Stub> ledger_ = v1::LedgerService::NewStub(channel_);
  std::unique_ptr<v1::PersonService::Stub> persons_ = v1::PersonService::NewStub(channel_);
  std::unique_ptr<v1::ListService::Stub> lists_ = v1::ListService::NewStub(channel_);
  std::unique_ptr<v1::ConsentTypeService::Stub> types_ = v1::ConsentTypeService::NewStub(channel_);
  std::string tenant_ = testing::UniqueTenant();

  std::unique_ptr<grpc::ClientContext> Ctx() { return testing::TenantContext(tenant_); }

  int CreatePerson() {
    v1::CreatePersonRequest req;
    req.mutable_person()->set_first_name("Data subject");
    v1::Person out;
    EXPECT_TRUE(persons_->CreatePerson(Ctx().get(), req, &out).ok());
    return out.person_id();
  }

  int CreatePurpose(const std::string& text = "We e-mail you offers") {
    v1::ConsentPurpose item;
    item.set_name("Newsletter");
    item.set_consent_text(text);
    item.set_form_text("Tick to receive offers");
    EXPECT_TRUE(lists_->CreateConsentPurpose(Ctx().get(), item, &item).ok());
    return item.consent_purpose_id();
  }

  // A ConsentType with one active version expiring after `days`; returns the created entry.
  v1::ConsentTypeEntry CreateType(int days, const std::string& name = "Marketing") {
    v1::CreateConsentTypesRequest req;
    req.set_client_id(tenant_);
    auto* type = req.add_consent_types();
    type->set_type_name(name);
    type->set_is_active(true);
    auto* version = type->add_versions();
    version->set_consent_version("1.0");
    version->set_expiration_in_days(days);
    version->set_is_active(true);
    auto* text = version->add_localized_fields();
    text->set_locale("en-GB");
    text->set_name("Marketing e-mails");
    text->set_description("Offers by e-mail");
    v1::ConsentTypeEntryList out;
    grpc::Status status = types_->CreateConsentTypes(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.consent_types(0);
  }

  grpc::Status PatchType(int type_id, const std::string& json_patch) {
    v1::PatchConsentTypeRequest req;
    req.set_client_id(tenant_);
    req.set_type_id(type_id);
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json_patch, req.mutable_patch()).ok());
    auto ctx = Ctx();
    ctx->AddMetadata("x-http-content-type", "application/json-patch+json");
    v1::ConsentTypeEntry out;
    return types_->PatchConsentType(ctx.get(), req, &out);
  }

  grpc::Status Record(const v1::RecordConsentRequest& req, v1::ConsentEvent* out) {
    return ledger_->RecordConsent(Ctx().get(), req, out);
  }

  v1::ConsentEvent MustRecord(const v1::RecordConsentRequest& req) {
    v1::ConsentEvent out;
    grpc::Status status = Record(req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static v1::RecordConsentRequest ForPurpose(int person, int purpose, v1::ConsentEvent::State state,
                                             v1::ConsentMedium medium = v1::email) {
    v1::RecordConsentRequest req;
    req.set_person_id(person);
    req.set_consent_purpose_id(purpose);
    req.set_state(state);
    req.set_medium(medium);
    return req;
  }

  static v1::ConsentCheck PurposeCheck(int person, int purpose,
                                       v1::ConsentMedium medium = v1::email) {
    v1::ConsentCheck check;
    check.set_person_id(person);
    check.set_consent_purpose_id(purpose);
    check.set_medium(medium);
    return check;
  }

  // One check's answer, as of `at` (empty: now).
  v1::ConsentCheckResult Check(const v1::ConsentCheck& check, const std::string& at = "") {
    v1::CheckConsentsRequest req;
    *req.add_checks() = check;
    req.set_at(at);
    v1::CheckConsentsResponse out;
    grpc::Status status = ledger_->CheckConsents(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.results_size() == 1 ? out.results(0) : v1::ConsentCheckResult();
  }

  v1::ListConsentEventsResponse Events(int person) {
    v1::ListConsentEventsRequest req;
    req.set_person_id(person);
    v1::ListConsentEventsResponse out;
    EXPECT_TRUE(ledger_->ListConsentEvents(Ctx().get(), req, &out).ok());
    return out;
  }
};

}  // namespace consent
