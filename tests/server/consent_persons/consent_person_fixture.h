#pragma once
// The fixture of the ConsentPersonService tests: stubs on the shared server, a tenant of its
// own, and helpers that create what a ConsentPerson refers to and read its history.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "proto/consent/v1/consent_persons.grpc.pb.h"
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_stack.h"

namespace consent {

class ConsentPersonTest : public ::testing::Test {
 protected:
  std::unique_ptr<v1::ConsentPersonService::Stub> stub_ =
      v1::ConsentPersonService::NewStub(testing::SharedServer().Channel());
  std::unique_ptr<v1::PersonService::Stub> persons_ =
      v1::PersonService::NewStub(testing::SharedServer().Channel());
  std::unique_ptr<v1::ListService::Stub> lists_ =
      v1::ListService::NewStub(testing::SharedServer().Channel());
  std::string tenant_ = testing::UniqueTenant();

  int CreatePerson(const std::string& tenant = "") {
    v1::CreatePersonRequest req;
    req.mutable_person()->set_first_name("Data subject");
    v1::Person out;
    EXPECT_TRUE(persons_->CreatePerson(Ctx(tenant).get(), req, &out).ok());
    return out.person_id();
  }

  v1::ConsentPurpose CreatePurpose(const std::string& name, const std::string& tenant = "") {
    v1::ConsentPurpose item;
    item.set_name(name);
    item.set_key("#Emarketing");
    EXPECT_TRUE(lists_->CreateConsentPurpose(Ctx(tenant).get(), item, &item).ok());
    return item;
  }
  v1::LegalBase CreateLegalBase(const std::string& name) {
    v1::LegalBase item;
    item.set_name(name);
    EXPECT_TRUE(lists_->CreateLegalBase(Ctx().get(), item, &item).ok());
    return item;
  }
  v1::ConsentSource CreateSource(const std::string& name) {
    v1::ConsentSource item;
    item.set_name(name);
    EXPECT_TRUE(lists_->CreateConsentSource(Ctx().get(), item, &item).ok());
    return item;
  }

  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& tenant = "") {
    return testing::TenantContext(tenant.empty() ? tenant_ : tenant);
  }

  // A request naming the purpose only by id.
  v1::ConsentPerson Request(int person_id, int purpose_id, const std::string& comment = "") {
    v1::ConsentPerson req;
    req.set_person_id(person_id);
    req.mutable_consent_purpose()->set_consent_purpose_id(purpose_id);
    req.set_comment(comment);
    return req;
  }

  // `key`: the save's idempotency key (request_id), if any.
  grpc::Status Save(const v1::ConsentPerson& req, v1::ConsentPerson* out,
                    grpc::ClientContext* ctx = nullptr, const std::string& key = "") {
    auto own = Ctx();
    v1::SaveConsentPersonRequest save;
    *save.mutable_consent_person() = req;
    save.set_request_id(key);
    return stub_->SaveConsentPerson(ctx ? ctx : own.get(), save, out);
  }

  v1::ConsentPerson MustSave(const v1::ConsentPerson& req) {
    v1::ConsentPerson out;
    grpc::Status s = Save(req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status Get(int id, v1::ConsentPerson* out, const std::string& tenant = "") {
    v1::GetConsentPersonRequest req;
    req.set_consent_person_id(id);
    return stub_->GetConsentPerson(Ctx(tenant).get(), req, out);
  }

  std::vector<v1::ConsentHistoryEntry> History(int person_id) {
    v1::ListConsentHistoryRequest req;
    req.set_person_id(person_id);
    req.set_page_size(500);
    v1::ListConsentHistoryResponse out;
    EXPECT_TRUE(persons_->ListConsentHistory(Ctx().get(), req, &out).ok());
    return {out.entries().begin(), out.entries().end()};
  }
};

// The stored record without the per-call rights, as history snapshots hold it.
inline v1::ConsentPerson WithoutRights(v1::ConsentPerson record) {
  record.clear_table_right();
  record.clear_field_properties();
  return record;
}

}  // namespace consent
