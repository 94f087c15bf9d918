// PatchConsentPerson against the real server and PostgreSQL: the document a patch works on
// is the record as GetConsentPerson answers it, read-only members (the rights, a referenced
// item's own fields) are refused, and a patch that stores nothing new writes nothing. Every
// case checks the record, its ETag and its history before and after.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/api_json.h"
#include "tests/server/consent_persons/consent_person_fixture.h"
#include "tests/support/grpc_test_util.h"

namespace consent {
namespace {

using google::protobuf::util::MessageDifferencer;
using nlohmann::json;
using testing::InitialMetadata;

// What a client can see of a record: the answer, its ETag, and its history's length.
struct Seen {
  v1::ConsentPerson record;
  std::string etag;
  size_t history = 0;
};

class ConsentPersonPatchTest : public ConsentPersonTest {
 protected:
  // A record with ConsentPurpose and LegalBase set, ConsentSource not.
  void SetUp() override {
    person_ = CreatePerson();
    purpose_ = CreatePurpose("Newsletter");
    legal_base_ = CreateLegalBase("Consent");
    other_legal_base_ = CreateLegalBase("Contract");
    v1::ConsentPerson req = Request(person_, purpose_.consent_purpose_id(), "signed up");
    req.mutable_legal_base()->set_legal_base_id(legal_base_.legal_base_id());
    id_ = MustSave(req).consent_person_id();
  }

  Seen Look() {
    Seen seen;
    v1::GetConsentPersonRequest req;
    req.set_consent_person_id(id_);
    auto ctx = Ctx();
    EXPECT_TRUE(stub_->GetConsentPerson(ctx.get(), req, &seen.record).ok());
    seen.etag = InitialMetadata(*ctx, "etag");
    seen.history = History(person_).size();
    return seen;
  }

  // GET's answer as REST shows it.
  json GetJson() { return json::parse(protojson::ToApiJson(Look().record, /*null_unset=*/true)); }

  grpc::Status Patch(const json& patch, v1::ConsentPerson* out = nullptr) {
    v1::PatchConsentPersonRequest req;
    req.set_consent_person_id(id_);
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(patch.dump(), req.mutable_patch()).ok());
    v1::ConsentPerson ignored;
    return stub_->PatchConsentPerson(Ctx().get(), req, out != nullptr ? out : &ignored);
  }

  // `patch` answers INVALID_ARGUMENT naming `fields`, and nothing a client sees changes.
  void ExpectRefused(const json& patch, const std::vector<std::string>& fields) {
    const Seen before = Look();
    grpc::Status s = Patch(patch);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << patch << s.error_message();
    EXPECT_EQ(wire::ViolatedFields(s), fields) << patch;
    ExpectSame(before, Look(), patch);
  }

  // `patch` answers OK with the record unchanged, and writes nothing.
  void ExpectNothingWritten(const json& patch) {
    const Seen before = Look();
    v1::ConsentPerson answer;
    grpc::Status s = Patch(patch, &answer);
    ASSERT_TRUE(s.ok()) << patch << s.error_message();
    EXPECT_TRUE(MessageDifferencer::Equals(answer, before.record)) << patch;
    ExpectSame(before, Look(), patch);
  }

  static void ExpectSame(const Seen& before, const Seen& after, const json& patch) {
    EXPECT_TRUE(MessageDifferencer::Equals(after.record, before.record)) << patch;
    EXPECT_EQ(after.etag, before.etag) << patch;
    EXPECT_EQ(after.history, before.history) << patch;
  }

  int person_ = 0;
  int id_ = 0;
  v1::ConsentPurpose purpose_;
  v1::LegalBase legal_base_;
  v1::LegalBase other_legal_base_;
};

TEST_F(ConsentPersonPatchTest, TheDocumentIsTheRecordAsGetShowsIt) {
  const json get = GetJson();
  ASSERT_TRUE(get["TableRight"].is_object()) << get;
  ASSERT_EQ(get["FieldProperties"].size(), 6u) << get;
  ASSERT_TRUE(get["ConsentSource"].is_null()) << get;
  ExpectNothingWritten(json::array({{{"op", "test"}, {"path", ""}, {"value", get}}}));
  ExpectNothingWritten(json::array(
      {{{"op", "test"}, {"path", "/ConsentSource"}, {"value", nullptr}},
       {{"op", "test"}, {"path", "/TableRight"}, {"value", get["TableRight"]}},
       {{"op", "test"},
        {"path", "/LegalBase/FieldProperties/Name"},
        {"value",
         {{"FieldRight", nullptr}, {"FieldType", "System.String"}, {"FieldLength", 255}}}}}));
}

TEST_F(ConsentPersonPatchTest, AnUnsetReferenceIsANullMemberToTestAndReplace) {
  v1::ConsentSource source = CreateSource("Web form");
  v1::ConsentPerson answer;
  grpc::Status s =
      Patch(json::array({{{"op", "test"}, {"path", "/ConsentSource"}, {"value", nullptr}},
                         {{"op", "replace"},
                          {"path", "/ConsentSource"},
                          {"value", {{"ConsentSourceId", source.consent_source_id()}}}}}),
            &answer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(answer.consent_source(), source));
  EXPECT_TRUE(MessageDifferencer::Equals(Look().record, answer));
}

TEST_F(ConsentPersonPatchTest, RightsAreReadOnly) {
  ExpectRefused({{"TableRight", nullptr}}, {"TableRight"});
  ExpectRefused({{"FieldProperties", nullptr}}, {"FieldProperties"});
  ExpectRefused(json::parse(R"([{"op":"replace","path":"/TableRight/Mask","value":"Select"}])"),
                {"TableRight"});
  ExpectRefused({{"LegalBase", {{"TableRight", nullptr}}}}, {"LegalBase.TableRight"});
}

// Of a referenced item only its id is stored: changing its own fields is refused, not
// answered 200 with the change dropped (and a new version written).
TEST_F(ConsentPersonPatchTest, AReferencedItemsOwnFieldsAreReadOnly) {
  ExpectRefused(json::parse(R"([{"op":"replace","path":"/LegalBase/Name","value":"Mine"}])"),
                {"LegalBase.Name"});
  ExpectRefused({{"Comment", "changed too"}, {"ConsentPurpose", {{"Key", "#Process"}}}},
                {"ConsentPurpose.Key"});
  ExpectRefused(json::parse(R"([{"op":"remove","path":"/LegalBase/Name"}])"), {"LegalBase.Name"});
  // Neither list item changed.
  v1::LegalBase item;
  v1::ListItemId req;
  req.set_id(legal_base_.legal_base_id());
  ASSERT_TRUE(lists_->GetLegalBase(Ctx().get(), req, &item).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(item, legal_base_));
}

TEST_F(ConsentPersonPatchTest, APatchThatStoresNothingNewWritesNothing) {
  ExpectNothingWritten(
      json::parse(R"([{"op":"replace","path":"/LegalBase/Name","value":"Consent"}])"));
  ExpectNothingWritten({{"Comment", "signed up"}});
  ExpectNothingWritten(json::array({{{"op", "replace"},
                                     {"path", "/LegalBase"},
                                     {"value", {{"LegalBaseId", legal_base_.legal_base_id()}}}}}));
  ExpectNothingWritten(json::array({{{"op", "replace"}, {"path", ""}, {"value", GetJson()}}}));
}

TEST_F(ConsentPersonPatchTest, AnotherItemByItsIdIsStoredAndAnsweredWhole) {
  const Seen before = Look();
  v1::ConsentPerson answer;
  grpc::Status s =
      Patch({{"LegalBase", {{"LegalBaseId", other_legal_base_.legal_base_id()}}}}, &answer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(answer.legal_base(), other_legal_base_));
  const Seen after = Look();
  EXPECT_TRUE(MessageDifferencer::Equals(after.record, answer));
  EXPECT_NE(after.etag, before.etag);
  EXPECT_EQ(after.history, before.history + 1);
}

}  // namespace
}  // namespace consent
