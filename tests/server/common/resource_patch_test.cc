// ApplyPatch on a ConsentTypeEntry: format selection, error classification, read-only fields;
// on a ConsentPerson as GET shows it: the document a patch works on, read-only rights, and
// referenced items' own fields, which the store does not keep.
#include "server/common/resource_patch.h"

#include <map>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/protojson/api_json.h"
#include "lib/wire/status_details.h"
#include "proto/consent/v1/consent_persons.pb.h"
#include "proto/consent/v1/consent_types.pb.h"
#include "server/common/carrier_rights.h"

namespace consent {
namespace {

using google::protobuf::util::MessageDifferencer;

const std::vector<std::string> kReadOnly = {"TypeId", "Edited"};

google::protobuf::Value Json(const std::string& text) {
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &value).ok()) << text;
  return value;
}

class ResourcePatchTest : public ::testing::Test {
 protected:
  ResourcePatchTest() {
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    R"({"TypeId": 7, "TypeName": "Newsletter", "IsActive": true,
                        "Edited": {"CreateDate": "2026-01-01T00:00:00.000000Z", "CreatedBy": "ann"},
                        "Versions": [{"ConsentVersionId": 3, "ConsentVersion": "v1",
                                      "ExpirationInDays": 30,
                                      "LocalizedFields": [{"Locale": "en-US", "Name": "News"}]}]})",
                    &resource_)
                    .ok());
    original_ = resource_;
  }

  absl::Status Patch(const std::string& patch, const std::string& format = "") {
    CallContext call;
    call.patch_format = format;
    return ApplyPatch(Json(patch), call, kReadOnly, &resource_);
  }

  void ExpectUnchanged() {
    EXPECT_TRUE(MessageDifferencer::Equals(resource_, original_)) << resource_.DebugString();
  }

  v1::ConsentTypeEntry resource_;
  v1::ConsentTypeEntry original_;
};

TEST_F(ResourcePatchTest, JsonPatchAddReplaceRemoveTest) {
  ASSERT_TRUE(Patch(R"([
      {"op": "test", "path": "/TypeName", "value": "Newsletter"},
      {"op": "replace", "path": "/TypeName", "value": "Offers"},
      {"op": "replace", "path": "/IsActive", "value": false},
      {"op": "add", "path": "/Versions/-", "value": {"ConsentVersion": "v2"}},
      {"op": "add", "path": "/Versions/0/LocalizedFields/-", "value": {"Locale": "de-DE"}},
      {"op": "remove", "path": "/Versions/0/LocalizedFields/0"}])",
                    "application/json-patch+json")
                  .ok());
  EXPECT_EQ(resource_.type_name(), "Offers");
  EXPECT_FALSE(resource_.is_active());
  ASSERT_EQ(resource_.versions_size(), 2);
  EXPECT_EQ(resource_.versions(1).consent_version(), "v2");
  ASSERT_EQ(resource_.versions(0).localized_fields_size(), 1);
  EXPECT_EQ(resource_.versions(0).localized_fields(0).locale(), "de-DE");
  EXPECT_EQ(resource_.type_id(), 7);
}

TEST_F(ResourcePatchTest, MergePatchMergesObjectsAndReplacesArrays) {
  ASSERT_TRUE(Patch(R"({"TypeName": "Offers", "Versions": [{"ConsentVersion": "only"}]})",
                    "application/merge-patch+json")
                  .ok());
  EXPECT_EQ(resource_.type_name(), "Offers");
  EXPECT_TRUE(resource_.is_active());
  ASSERT_EQ(resource_.versions_size(), 1);
  EXPECT_EQ(resource_.versions(0).consent_version(), "only");
  EXPECT_EQ(resource_.versions(0).consent_version_id(), 0);
}

TEST_F(ResourcePatchTest, PlainJsonDecidesByShape) {
  ASSERT_TRUE(
      Patch(R"([{"op": "replace", "path": "/TypeName", "value": "A"}])", "application/json").ok());
  EXPECT_EQ(resource_.type_name(), "A");
  ASSERT_TRUE(Patch(R"({"TypeName": "B"})", "text/json; charset=utf-8").ok());
  EXPECT_EQ(resource_.type_name(), "B");
  ASSERT_TRUE(Patch(R"({"TypeName": "C"})").ok());  // direct gRPC: no media type
  EXPECT_EQ(resource_.type_name(), "C");
}

// As the .NET JSON Patch behind MyPreferences PATCH ConsentType: property names match ignoring
// case.
TEST_F(ResourcePatchTest, PropertyNamesMatchIgnoringCase) {
  absl::Status s = Patch(R"([{"op": "test", "path": "/typeName", "value": "Newsletter"},
                        {"op": "replace", "path": "/isactive", "value": false},
                        {"op": "replace", "path": "/versions/0/localizedFields/0/name", "value": "N"},
                        {"op": "copy", "from": "/typename", "path": "/Versions/0/consentVersion"}])");
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_FALSE(resource_.is_active());
  EXPECT_EQ(resource_.versions(0).localized_fields(0).name(), "N");
  EXPECT_EQ(resource_.versions(0).consent_version(), "Newsletter");
  ASSERT_TRUE(Patch(R"({"typeName": "Merged", "VERSIONS": [{"consentversion": "m"}]})").ok());
  EXPECT_EQ(resource_.type_name(), "Merged");
  EXPECT_EQ(resource_.versions(0).consent_version(), "m");
  // Read-only stays read-only whatever the spelling.
  EXPECT_EQ(Patch(R"([{"op": "replace", "path": "/typeid", "value": 8}])").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(resource_.type_id(), 7);
}

TEST_F(ResourcePatchTest, MediaTypeIsCaseInsensitiveAndIgnoresParameters) {
  ASSERT_TRUE(Patch(R"({"TypeName": "B"})", "Application/Merge-Patch+JSON; charset=utf-8").ok());
  EXPECT_EQ(resource_.type_name(), "B");
}

void ExpectMalformed(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_TRUE(absl::StartsWith(status.message(), "malformed patch")) << status;
  EXPECT_TRUE(wire::ViolatedFields(status).empty()) << status;
}

TEST_F(ResourcePatchTest, WrongShapeForDeclaredFormatIsMalformed) {
  ExpectMalformed(Patch(R"({"TypeName": "B"})", "application/json-patch+json"));
  ExpectMalformed(
      Patch(R"([{"op": "remove", "path": "/TypeName"}])", "application/merge-patch+json"));
  ExpectMalformed(Patch(R"("TypeName")", "application/json"));
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, MalformedOperationsAreMalformed) {
  ExpectMalformed(Patch(R"([{"op": "frobnicate", "path": "/TypeName"}])"));
  ExpectMalformed(Patch(R"([{"op": "add", "path": "/TypeName"}])"));
  ExpectMalformed(Patch(R"([{"op": "replace", "path": "TypeName", "value": "x"}])"));
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, MissingPatchDocumentIsMalformed) {
  CallContext call;
  ExpectMalformed(ApplyPatch(google::protobuf::Value(), call, kReadOnly, &resource_));
}

TEST_F(ResourcePatchTest, NonexistentPathIsAViolationOnThatProperty) {
  absl::Status status = Patch(R"([
      {"op": "replace", "path": "/TypeName", "value": "changed"},
      {"op": "replace", "path": "/Versions/5/ConsentVersion", "value": "x"}])");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"Versions[5].ConsentVersion"});
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, EscapedPointerTokensAreUnescaped) {
  absl::Status status = Patch(R"([{"op": "remove", "path": "/a~1b~0c"}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"a/b~c"});
}

TEST_F(ResourcePatchTest, FailedTestIsAbortedAndChangesNothing) {
  absl::Status status = Patch(R"([
      {"op": "replace", "path": "/TypeName", "value": "changed"},
      {"op": "test", "path": "/IsActive", "value": false}])");
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(absl::StartsWith(status.message(), "test operation failed")) << status;
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, WrongTypeIsAViolationNamingTheProperty) {
  absl::Status status = Patch(R"([{"op": "replace", "path": "/TypeName", "value": 5}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"TypeName"});
  status = Patch(R"({"Versions": [{"ExpirationInDays": "soon"}]})");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"Versions[0].ExpirationInDays"});
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, EveryUnknownPropertyAndBadValueIsNamedAtOnce) {
  absl::Status status =
      Patch(R"({"Foo": 1, "Bar": 2, "IsActive": "yes", "Versions": [{"ExpirationInDays": "x"}]})");
  EXPECT_EQ(wire::ViolatedFields(status),
            (std::vector<std::string>{"Bar", "Foo", "IsActive", "Versions[0].ExpirationInDays"}));
  EXPECT_NE(std::string(status.message()).find("IsActive: must be true or false"),
            std::string::npos)
      << status;
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, UnknownPropertyIsAViolationNamingIt) {
  absl::Status status = Patch(R"([{"op": "add", "path": "/Colour", "value": "red"}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"Colour"});
  status = Patch(R"([{"op": "add", "path": "/Versions/0/LocalizedFields/0/Tone", "value": 1}])");
  EXPECT_EQ(wire::ViolatedFields(status),
            std::vector<std::string>{"Versions[0].LocalizedFields[0].Tone"});
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, ReplacingTheRootWithAScalarIsAViolationOnTheRoot) {
  absl::Status status = Patch(R"([{"op": "replace", "path": "", "value": 1}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{""});
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, ReadOnlyFieldsCannotChange) {
  absl::Status status = Patch(R"([{"op": "replace", "path": "/TypeId", "value": 8},
                                  {"op": "replace", "path": "/Edited/CreatedBy", "value": "eve"}])");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wire::ViolatedFields(status), (std::vector<std::string>{"TypeId", "Edited"}));
  EXPECT_NE(status.message().find("TypeId: is read-only"), absl::string_view::npos) << status;
  EXPECT_EQ(wire::ViolatedFields(Patch(R"([{"op": "remove", "path": "/Edited"}])")),
            std::vector<std::string>{"Edited"});
  EXPECT_EQ(wire::ViolatedFields(Patch(R"({"TypeId": null})")), std::vector<std::string>{"TypeId"});
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, ProtoNameAliasCannotBypassReadOnly) {
  EXPECT_EQ(wire::ViolatedFields(Patch(R"({"type_id": 99})")), std::vector<std::string>{"TypeId"});
  ExpectUnchanged();
}

TEST_F(ResourcePatchTest, RewritingAReadOnlyFieldWithItsOwnValueIsAllowed) {
  ASSERT_TRUE(Patch(R"([{"op": "replace", "path": "/TypeId", "value": 7},
                        {"op": "replace", "path": "/TypeName", "value": "Same id"}])")
                  .ok());
  EXPECT_EQ(resource_.type_name(), "Same id");
}

// A ConsentPerson as GET answers it, with one reference (ConsentPurpose 3) set, and a store
// that keeps what SaveConsentPerson keeps: ids, PersonId, Comment, and of each referenced
// item only its id, shown as the catalog holds the item.
class ConsentPersonPatchTest : public ::testing::Test {
 protected:
  ConsentPersonPatchTest() {
    catalog_[3] = Item(3, "Newsletter");
    catalog_[4] = Item(4, "Offers");
    resource_ = Shown(1, 3, "signed up");
    original_ = resource_;
  }

  static v1::ConsentPurpose Item(int id, const std::string& name) {
    static constexpr FieldLength kLengths[] = {{"name", 255}};
    v1::ConsentPurpose item;
    item.set_consent_purpose_id(id);
    item.set_name(name);
    item.set_key("#Emarketing");
    item.mutable_updated_date()->set_seconds(1767225600);
    item.mutable_updated_by()->set_name("ann");
    SetCarrierRights(kLengths, &item);
    return item;
  }

  v1::ConsentPerson Shown(int person_id, int purpose_id, const std::string& comment) const {
    static constexpr FieldLength kLengths[] = {{"comment", 2000}};
    v1::ConsentPerson shown;
    shown.set_consent_person_id(7);
    shown.set_person_id(person_id);
    shown.set_comment(comment);
    if (purpose_id != 0) *shown.mutable_consent_purpose() = catalog_.at(purpose_id);
    SetCarrierRights(kLengths, &shown);
    return shown;
  }

  absl::Status AsStored(const google::protobuf::Message& message,
                        google::protobuf::Message* shown) const {
    v1::ConsentPerson patched;
    patched.CopyFrom(message);
    const int purpose = patched.consent_purpose().consent_purpose_id();
    if (purpose != 0 && !catalog_.contains(purpose)) {
      return wire::FieldViolation("ConsentPurpose", absl::StrCat("no ConsentPurpose ", purpose));
    }
    shown->CopyFrom(Shown(patched.person_id(), purpose, patched.comment()));
    return absl::OkStatus();
  }

  absl::Status Patch(const std::string& patch) {
    CallContext call;
    return ApplyPatch(
        Json(patch), call, {"ConsentPersonId", "TableRight", "FieldProperties"}, &resource_,
        [this](const google::protobuf::Message& patched, google::protobuf::Message* shown) {
          return AsStored(patched, shown);
        });
  }

  std::vector<std::string> Refused(const std::string& patch) {
    absl::Status status = Patch(patch);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << patch;
    return wire::ViolatedFields(status);
  }

  void ExpectUnchanged() {
    EXPECT_TRUE(MessageDifferencer::Equals(resource_, original_)) << resource_.DebugString();
  }

  std::map<int, v1::ConsentPurpose> catalog_;
  v1::ConsentPerson resource_;
  v1::ConsentPerson original_;
};

// The working copy is the REST JSON GET's answer is printed as, every member of it.
TEST_F(ConsentPersonPatchTest, TheDocumentIsTheResourceAsGetShowsIt) {
  const auto get = nlohmann::json::parse(protojson::ToApiJson(resource_, /*null_unset=*/true));
  ASSERT_TRUE(get["TableRight"].is_object());
  ASSERT_EQ(get["FieldProperties"].size(), 6u);
  ASSERT_TRUE(
      Patch(nlohmann::json::array({{{"op", "test"}, {"path", ""}, {"value", get}}}).dump()).ok());
  ExpectUnchanged();
}

// With ConsentPurpose set the printer takes protobuf's path (a non-empty map): the unset
// references are still null members and FieldProperties values still have FieldRight.
TEST_F(ConsentPersonPatchTest, UnsetReferencesAndFieldRightsAreNullMembers) {
  absl::Status s = Patch(R"([{"op": "test", "path": "/ConsentSource", "value": null},
      {"op": "test", "path": "/LegalBase", "value": null},
      {"op": "test", "path": "/FieldProperties/Comment",
       "value": {"FieldRight": null, "FieldType": "System.String", "FieldLength": 2000}},
      {"op": "test", "path": "/ConsentPurpose/FieldProperties/Name",
       "value": {"FieldRight": null, "FieldType": "System.String", "FieldLength": 255}}])");
  ASSERT_TRUE(s.ok()) << s;
  ExpectUnchanged();
  resource_.clear_consent_purpose();
  s = Patch(R"([{"op": "replace", "path": "/ConsentPurpose", "value": {"ConsentPurposeId": 4}}])");
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(resource_.consent_purpose().consent_purpose_id(), 4);
}

TEST_F(ConsentPersonPatchTest, RightsAreReadOnlyHoweverChanged) {
  EXPECT_EQ(Refused(R"({"TableRight": null})"), std::vector<std::string>{"TableRight"});
  EXPECT_EQ(Refused(R"({"FieldProperties": null})"), std::vector<std::string>{"FieldProperties"});
  EXPECT_EQ(Refused(R"([{"op": "replace", "path": "/TableRight/Mask", "value": "Select"}])"),
            std::vector<std::string>{"TableRight"});
  EXPECT_EQ(Refused(R"([{"op": "remove", "path": "/FieldProperties/Comment"}])"),
            std::vector<std::string>{"FieldProperties"});
  EXPECT_EQ(Refused(R"({"ConsentPurpose": {"TableRight": null}})"),
            std::vector<std::string>{"ConsentPurpose.TableRight"});
  ExpectUnchanged();
}

// The store keeps only a referenced item's id: changing the item's own fields is refused,
// never answered 200 with the change dropped.
TEST_F(ConsentPersonPatchTest, AReferencedItemsOwnFieldsAreReadOnly) {
  EXPECT_EQ(Refused(R"([{"op": "replace", "path": "/ConsentPurpose/Name", "value": "Mine"}])"),
            std::vector<std::string>{"ConsentPurpose.Name"});
  EXPECT_EQ(Refused(R"({"ConsentPurpose": {"Name": "Mine", "Key": "#Process"}})"),
            (std::vector<std::string>{"ConsentPurpose.Key", "ConsentPurpose.Name"}));
  EXPECT_EQ(Refused(R"([{"op": "replace", "path": "/ConsentPurpose",
                         "value": {"ConsentPurposeId": 4, "Name": "Mine"}}])"),
            std::vector<std::string>{"ConsentPurpose.Name"});
  EXPECT_EQ(Refused(R"({"Comment": "x", "ConsentPurpose": {"UpdatedBy": {"Name": "eve"}}})"),
            std::vector<std::string>{"ConsentPurpose.UpdatedBy.Name"});
  ExpectUnchanged();
}

TEST_F(ConsentPersonPatchTest, WritingBackOrReferringToAnotherItemByIdIsAllowed) {
  ASSERT_TRUE(
      Patch(R"([{"op": "replace", "path": "/ConsentPurpose/Name", "value": "Newsletter"}])").ok());
  ExpectUnchanged();
  ASSERT_TRUE(Patch(R"({"ConsentPurpose": {"ConsentPurposeId": 4}})").ok());
  EXPECT_EQ(resource_.consent_purpose().consent_purpose_id(), 4);
  resource_ = original_;
  ASSERT_TRUE(Patch(R"([{"op": "replace", "path": "/ConsentPurpose",
                         "value": {"ConsentPurposeId": 4, "Name": "Offers"}}])")
                  .ok());
  EXPECT_EQ(resource_.consent_purpose().consent_purpose_id(), 4);
}

TEST_F(ConsentPersonPatchTest, WhyTheStoreCannotTakeItIsTheAnswer) {
  EXPECT_EQ(
      Refused(R"([{"op": "replace", "path": "/ConsentPurpose/ConsentPurposeId", "value": 99}])"),
      std::vector<std::string>{"ConsentPurpose"});
  ExpectUnchanged();
}

}  // namespace
}  // namespace consent
