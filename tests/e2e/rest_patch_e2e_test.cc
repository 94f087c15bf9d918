// PATCH through the real gateway and server: the document a patch works on is exactly what
// GET answers, read-only members are refused as 422 problems naming them, and a patch
// that stores nothing new answers 200 with the resource and writes nothing. Every case
// checks the body, the ETag and the history before and after.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/rest_test.h"

namespace consent {
namespace {

using json = nlohmann::json;

// What a client can see of a resource: GET's body and ETag, and its person's history.
struct Seen {
  json body;
  std::string etag;
  size_t history = 0;
};

class RestPatchTest : public RestTest {
 protected:
  Seen Look(const std::string& url) {
    auto got = Call("GET", url);
    EXPECT_EQ(got.status, 200) << url << " " << got.body;
    Seen seen{json::parse(got.body), got.header("etag")};
    if (!history_.empty()) seen.history = json::parse(Call("GET", history_).body)["entries"].size();
    return seen;
  }

  testing::HttpResponse Patch(const std::string& url, const json& patch) {
    return Call("PATCH", url, patch.dump(),
                {{"Content-Type", patch.is_array() ? "application/json-patch+json"
                                                   : "application/merge-patch+json"}});
  }

  // 422 naming exactly `fields`, and nothing a client sees changes.
  void ExpectRefused(const std::string& url, const json& patch,
                     const std::vector<std::string>& fields) {
    const Seen before = Look(url);
    auto r = Patch(url, patch);
    ExpectProblem(r, 422);
    json errors = json::parse(r.body)["errors"];
    std::vector<std::string> named;
    for (const auto& [field, messages] : errors.items()) named.push_back(field);
    EXPECT_EQ(named, fields) << patch << " " << r.body;
    for (const std::string& field : fields) {
      EXPECT_EQ(errors[field], json::array({"is read-only"})) << r.body;
    }
    ExpectSame(before, Look(url), patch);
  }

  // 200 with the resource as it was, and nothing written.
  void ExpectNothingWritten(const std::string& url, const json& patch) {
    const Seen before = Look(url);
    auto r = Patch(url, patch);
    ASSERT_EQ(r.status, 200) << patch << " " << r.body;
    EXPECT_EQ(json::parse(r.body), before.body) << patch;
    EXPECT_EQ(r.header("etag"), before.etag) << patch;
    ExpectSame(before, Look(url), patch);
  }

  static void ExpectSame(const Seen& before, const Seen& after, const json& patch) {
    EXPECT_EQ(after.body, before.body) << patch;
    EXPECT_EQ(after.etag, before.etag) << patch;
    EXPECT_EQ(after.history, before.history) << patch;
  }

  // A list item of `kind` named `name`: its URL and its id.
  std::pair<std::string, int> CreateItem(const std::string& kind, const std::string& name) {
    auto r = Call("POST", "/api/v1/List/" + kind + "/Items", json{{"Name", name}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return {r.header("location"), json::parse(r.body)[kind + "Id"].get<int>()};
  }

  // A ConsentPerson with only LegalBase set: its URL.
  std::string CreateConsentPerson(int legal_base) {
    const int person = CreatePerson();
    history_ = "/v1/persons/" + std::to_string(person) + "/consent/history";
    auto r = Call("POST", "/api/v1/Agents/Person/SaveConsentPerson",
                  json{{"ConsentPersonId", 0},
                       {"PersonId", person},
                       {"LegalBase", {{"LegalBaseId", legal_base}}},
                       {"Comment", "signed up"}}
                      .dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return "/api/v1/ConsentPerson/" +
           std::to_string(json::parse(r.body)["ConsentPersonId"].get<int>());
  }

  static json TestWhole(const json& body) {
    return json::array({{{"op", "test"}, {"path", ""}, {"value", body}}});
  }

  std::string history_;  // the history the resource's changes are recorded in, if any
};

TEST_F(RestPatchTest, AConsentPersonIsPatchedAsGetShowsIt) {
  const auto [legal_base_url, legal_base] = CreateItem("LegalBase", "Consent");
  const std::string url = CreateConsentPerson(legal_base);
  const json get = Look(url).body;
  ASSERT_TRUE(get["ConsentPurpose"].is_null()) << get;
  ASSERT_TRUE(get["TableRight"].is_object()) << get;
  ExpectNothingWritten(url, TestWhole(get));
  ExpectNothingWritten(
      url, json::array({{{"op", "test"}, {"path", "/ConsentSource"}, {"value", nullptr}}}));

  // The unset references are there to replace.
  const auto [purpose_url, purpose] = CreateItem("ConsentPurpose", "Newsletter");
  const Seen before = Look(url);
  auto r = Patch(url, json::array({{{"op", "replace"},
                                    {"path", "/ConsentPurpose"},
                                    {"value", {{"ConsentPurposeId", purpose}}}}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["ConsentPurpose"], Look(purpose_url).body);
  const Seen after = Look(url);
  EXPECT_EQ(after.body, json::parse(r.body));
  EXPECT_NE(after.etag, before.etag);
  EXPECT_EQ(after.history, before.history + 1);
}

TEST_F(RestPatchTest, AConsentPersonsReadOnlyMembersAreRefused) {
  const auto [legal_base_url, legal_base] = CreateItem("LegalBase", "Consent");
  const std::string url = CreateConsentPerson(legal_base);
  const Seen item = Look(legal_base_url);
  ExpectRefused(url, {{"TableRight", nullptr}}, {"TableRight"});
  ExpectRefused(url, {{"FieldProperties", nullptr}}, {"FieldProperties"});
  // Of a referenced item only its id is stored: its own fields are not the record's to
  // change (the item's own URL changes them).
  ExpectRefused(url, json::parse(R"([{"op":"replace","path":"/LegalBase/Name","value":"Mine"}])"),
                {"LegalBase.Name"});
  ExpectRefused(url, {{"LegalBase", {{"Rank", 7}, {"TableRight", nullptr}}}},
                {"LegalBase.Rank", "LegalBase.TableRight"});
  EXPECT_EQ(Look(legal_base_url).body, item.body);
  EXPECT_EQ(Look(legal_base_url).etag, item.etag);
}

TEST_F(RestPatchTest, AConsentPersonPatchThatStoresNothingNewWritesNothing) {
  const auto [legal_base_url, legal_base] = CreateItem("LegalBase", "Consent");
  const std::string url = CreateConsentPerson(legal_base);
  ExpectNothingWritten(
      url, json::parse(R"([{"op":"replace","path":"/LegalBase/Name","value":"Consent"}])"));
  ExpectNothingWritten(url,
                       {{"LegalBase", {{"LegalBaseId", legal_base}}}, {"Comment", "signed up"}});
  ExpectNothingWritten(url,
                       json::array({{{"op", "replace"}, {"path", ""}, {"value", Look(url).body}}}));
}

TEST_F(RestPatchTest, AListItemIsPatchedAsGetShowsIt) {
  const auto [url, id] = CreateItem("ConsentSource", "Web form");
  const json get = Look(url).body;
  ExpectNothingWritten(url, TestWhole(get));
  ExpectNothingWritten(
      url,
      json::array(
          {{{"op", "test"},
            {"path", "/FieldProperties/Name"},
            {"value",
             {{"FieldRight", nullptr}, {"FieldType", "System.String"}, {"FieldLength", 255}}}}}));
  ExpectRefused(url, {{"TableRight", nullptr}}, {"TableRight"});
  ExpectRefused(url, {{"FieldProperties", {{"Name", {{"FieldLength", 1}}}}}}, {"FieldProperties"});
}

TEST_F(RestPatchTest, ADataConsentAndAConsentTypeArePatchedAsGetShowsThem) {
  const int person = CreatePerson();
  history_ = "/v1/persons/" + std::to_string(person) + "/consent/history";
  const std::string consent = "/v1/persons/" + std::to_string(person) + "/consent";
  ASSERT_EQ(Call("PUT", consent, R"({"status":"granted","medium":"email"})").status, 204);
  ExpectNothingWritten(consent, TestWhole(Look(consent).body));
  history_.clear();

  auto created = Call("POST", "/" + tenant_ + "/ConsentTypes",
                      R"({"ConsentTypes":[{"TypeName":"Letters","IsActive":true,
                          "Versions":[{"ConsentVersion":"v1","ExpirationInDays":30}]}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string type =
      "/" + tenant_ + "/ConsentType/" +
      std::to_string(json::parse(created.body)["ConsentTypes"][0]["TypeId"].get<int>());
  ExpectNothingWritten(type, TestWhole(Look(type).body));
}

}  // namespace
}  // namespace consent
