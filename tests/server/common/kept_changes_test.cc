// MembersWritten and CheckChangesKept on ConsentPerson documents: which members a patch
// writes, and that a written member the stored resource does not show is refused by name.
#include "server/common/kept_changes.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/wire/status_details.h"
#include "proto/consent/v1/consent_persons.pb.h"

namespace consent {
namespace {

using nlohmann::json;

std::vector<std::string> Pointers(const json& patch, bool json_patch, const json& after = {}) {
  std::vector<std::string> pointers;
  for (const WrittenMember& member :
       MembersWritten(*v1::ConsentPerson::descriptor(), patch, json_patch, after)) {
    pointers.push_back(member.pointer);
  }
  return pointers;
}

using Pointerlist = std::vector<std::string>;

TEST(MembersWrittenTest, AMergePatchWritesEachMemberItNamesNullsIncluded) {
  EXPECT_EQ(Pointers(json::parse(R"({"Comment": "c", "LegalBase": {"Name": "x",
                "TableRight": null, "UpdatedBy": {"Name": "eve"}}, "ConsentSource": null})"),
                     false),
            (Pointerlist{"/Comment", "/ConsentSource", "/LegalBase/Name", "/LegalBase/TableRight",
                         "/LegalBase/UpdatedBy/Name"}));
}

TEST(MembersWrittenTest, ListsMapsScalarsAndTimestampsAreOneMember) {
  EXPECT_EQ(Pointers(json::parse(R"({"FieldProperties": {"Comment": {"FieldLength": 1}},
                                     "LegalBase": {"UpdatedDate": "2027-01-01T00:00:00Z"}})"),
                     false),
            (Pointerlist{"/FieldProperties", "/LegalBase/UpdatedDate"}));
  EXPECT_EQ(Pointers(json::parse(R"([{"op": "add", "path": "/FieldProperties/X", "value": {}},
      {"op": "replace", "path": "/LegalBase/UpdatedDate/seconds", "value": 1}])"),
                     true),
            (Pointerlist{"/FieldProperties", "/LegalBase/UpdatedDate"}));
}

TEST(MembersWrittenTest, AJsonPatchWritesWhatItsValuesHoldAndWhatItRemoves) {
  const json after = json::parse(R"({"LegalBase": {"LegalBaseId": 3, "Name": "n"}})");
  EXPECT_EQ(Pointers(json::parse(R"([
      {"op": "test", "path": "/Comment", "value": "c"},
      {"op": "replace", "path": "/ConsentPurpose", "value": {"ConsentPurposeId": 4}},
      {"op": "remove", "path": "/ConsentSource/Name"},
      {"op": "move", "from": "/Comment", "path": "/LegalBase"},
      {"op": "add", "path": "", "value": {"consent_person_id": 1}}])"),
                     true, after),
            (Pointerlist{"/ConsentPurpose/ConsentPurposeId", "/ConsentSource/Name", "/Comment",
                         "/LegalBase/LegalBaseId", "/LegalBase/Name", "/ConsentPersonId"}));
}

// A ConsentPerson referring to LegalBase 3 "Consent", as GET shows it (trimmed to what the
// cases need).
const json kBefore = json::parse(R"({"ConsentPersonId": 1, "PersonId": 2, "Comment": "c",
    "LegalBase": {"LegalBaseId": 3, "Name": "Consent", "Rank": 1,
                  "TableRight": {"Mask": "all", "Reason": ""}},
    "ConsentSource": null})");

// `kBefore` with `patch` merged in (RFC 7396).
json With(const json& patch) {
  json out = kBefore;
  out.merge_patch(patch);
  return out;
}

// The violations of `merge`, read back as `read`, against `stored`.
Pointerlist Refused(const json& merge, const json& read, const json& stored) {
  return wire::ViolatedFields(CheckChangesKept(
      MembersWritten(*v1::ConsentPerson::descriptor(), merge, false, read), kBefore, read, stored));
}

TEST(KeptChangesTest, AChangeTheStoreDropsIsRefusedByItsProperty) {
  const json renamed = json::parse(R"({"Comment": "d", "LegalBase": {"Name": "X", "Rank": 9}})");
  EXPECT_EQ(Refused(renamed, With(renamed), kBefore),
            (Pointerlist{"Comment", "LegalBase.Name", "LegalBase.Rank"}));
  const json rights = json::parse(R"({"LegalBase": {"TableRight": null}})");
  EXPECT_EQ(Refused(rights, With(rights), kBefore), Pointerlist{"LegalBase.TableRight"});
  EXPECT_NE(CheckChangesKept({{"/Comment", "Comment"}}, kBefore, With({{"Comment", "d"}}), kBefore)
                .message()
                .find("Comment: is read-only"),
            std::string::npos);
}

TEST(KeptChangesTest, WhatIsWrittenAsItWasOrStoredAsWrittenPasses) {
  const json same = json::parse(R"({"Comment": "c", "LegalBase": {"Name": "Consent"}})");
  EXPECT_TRUE(Refused(same, kBefore, kBefore).empty());
  const json comment = json::parse(R"({"Comment": "d"})");
  EXPECT_TRUE(Refused(comment, With(comment), With(comment)).empty());
  // Another item by its id: the old item's other members, not written, do not count.
  const json other = json::parse(R"({"LegalBase": {"LegalBaseId": 4}})");
  EXPECT_TRUE(
      Refused(other, With(other), With({{"LegalBase", {{"LegalBaseId", 4}, {"Name", "Contract"}}}}))
          .empty());
  // Setting a reference that was null: what is written of it must be what is stored.
  const json source = json::parse(R"({"ConsentSource": {"ConsentSourceId": 5, "Name": "Mine"}})");
  EXPECT_EQ(Refused(source, With(source),
                    With({{"ConsentSource", {{"ConsentSourceId", 5}, {"Name", "Web form"}}}})),
            Pointerlist{"ConsentSource.Name"});
}

}  // namespace
}  // namespace consent
