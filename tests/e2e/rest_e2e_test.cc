// The REST surface as a client of the vendor pages sees it: real HTTP to the real gateway,
// in front of the real server and a temporary PostgreSQL cluster.
#include <memory>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/rest_test.h"
#include "tests/support/concurrently.h"
#include "tests/support/gateway_process.h"
#include "tests/support/http_client.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using json = nlohmann::json;
using testing::GatewayProcess;
using testing::HttpClient;
using testing::HttpResponse;
using testing::SharedGateway;
using testing::UniqueTenant;

// The data-consent page (Set a person's data consent).
TEST_F(RestTest, DataConsentIs204WithNoBodyAndReadsBack) {
  int id = CreatePerson();
  auto r = Call("PUT", "/v1/persons/" + std::to_string(id) + "/consent",
                R"({"status":"granted","medium":"email","description":"newsletter form"})");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  auto read = Call("GET", "/v1/persons/" + std::to_string(id) + "/consent");
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(json::parse(read.body)["status"], "granted");
  EXPECT_EQ(json::parse(read.body)["medium"], "email");

  // Medium is optional: left out, it reads back as null (never as an internal enum name),
  // and a client may send that back; a PATCH of such a decision works as any other.
  const std::string target = "/v1/persons/" + std::to_string(id) + "/consent";
  ASSERT_EQ(Call("PUT", target, R"({"status":"refused"})").status, 204);
  json without = json::parse(Call("GET", target).body);
  EXPECT_TRUE(without["medium"].is_null()) << without;
  ASSERT_EQ(Call("PUT", target, without.dump()).status, 204);
  auto patched = Call("PATCH", target, R"({"description":"by post"})",
                      {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(json::parse(patched.body)["medium"].is_null()) << patched.body;
}

TEST_F(RestTest, DataConsentHasAnEtagAndAStaleIfMatchIs412) {
  const std::string target = "/v1/persons/" + std::to_string(CreatePerson()) + "/consent";
  auto first = Call("PUT", target, R"({"status":"granted","medium":"email"})");
  ASSERT_EQ(first.status, 204);
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Call("GET", target).header("etag"), etag);

  auto second =
      Call("PUT", target, R"({"status":"refused","medium":"email"})", {{"If-Match", etag}});
  ASSERT_EQ(second.status, 204) << second.body;
  EXPECT_NE(second.header("etag"), etag);
  ExpectProblem(
      Call("PUT", target, R"({"status":"granted","medium":"click"})", {{"If-Match", etag}}), 412);
  EXPECT_EQ(json::parse(Call("GET", target).body)["status"], "refused");
}

TEST_F(RestTest, DataConsentPatchesAsMergeOrJsonPatch) {
  const std::string target = "/v1/persons/" + std::to_string(CreatePerson()) + "/consent";
  ExpectProblem(Call("PATCH", target, R"({"status":"refused"})",
                     {{"Content-Type", "application/merge-patch+json"}}),
                404);  // nothing recorded yet
  ASSERT_EQ(Call("PUT", target, R"({"status":"granted","medium":"email"})").status, 204);

  auto merged = Call("PATCH", target, R"({"status":"refused","description":"phoned"})",
                     {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  json body = json::parse(merged.body);
  EXPECT_EQ(body["status"], "refused");
  EXPECT_EQ(body["medium"], "email");
  EXPECT_EQ(body["description"], "phoned");
  EXPECT_FALSE(body["recordedAt"].get<std::string>().empty());
  const std::string etag = merged.header("etag");
  EXPECT_FALSE(etag.empty());

  auto patched = Call("PATCH", target,
                      R"([{"op":"test","path":"/status","value":"refused"},)"
                      R"({"op":"replace","path":"/medium","value":"telephone"}])",
                      {{"If-Match", etag}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body)["medium"], "telephone");

  ExpectProblem(Call("PATCH", target, R"({"status":"granted"})", {{"If-Match", etag}}), 412);
  ExpectProblem(Call("PATCH", target, R"([{"op":"replace","path":"/recordedAt","value":"x"}])"),
                422);
  ExpectProblem(Call("PATCH", target, R"({"status":"maybe"})"), 422);
  EXPECT_EQ(json::parse(Call("GET", target).body)["medium"], "telephone");  // unchanged since

  auto history = Call("GET", target + "/history");
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(json::parse(history.body)["entries"].size(), 3u);  // PUT and two PATCHes
}

TEST_F(RestTest, DataConsentValidationIs422WithErrorsByProperty) {
  int id = CreatePerson();
  auto r = Call("PUT", "/v1/persons/" + std::to_string(id) + "/consent",
                R"({"status":"maybe","medium":"email"})");
  ExpectProblem(r, 422);
  EXPECT_TRUE(json::parse(r.body)["errors"].contains("status"));
  auto missing =
      Call("PUT", "/v1/persons/" + std::to_string(id) + "/consent", R"({"medium":"click"})");
  ExpectProblem(missing, 422);
  EXPECT_TRUE(json::parse(missing.body)["errors"]["status"].is_array());
  // By name only, as the data-consent page lists the values.
  auto numbered = Call("PUT", "/v1/persons/" + std::to_string(id) + "/consent",
                       R"({"status":1,"medium":"click"})");
  ExpectProblem(numbered, 422);
  EXPECT_EQ(json::parse(numbered.body)["errors"]["status"][0],
            "must be one of: awaiting, refused, granted");
  // Nothing was recorded.
  ExpectProblem(Call("GET", "/v1/persons/" + std::to_string(id) + "/consent"), 404);
}

TEST_F(RestTest, UnknownPersonIs404AndNoCredentialIs401) {
  ExpectProblem(Call("PUT", "/v1/persons/99999999/consent", R"({"status":"granted"})"), 404);
  auto r = http_.Request("GET", "/v1/persons/1", {});
  ExpectProblem(r, 401);
  EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"consent\", Basic realm=\"consent\"");
}

TEST_F(RestTest, OtherTenantsPersonIs404AndNamingAnotherTenantIs403) {
  int id = CreatePerson();
  const std::string other = UniqueTenant();
  auto r = http_.Request("GET", "/v1/persons/" + std::to_string(id),
                         {{"Authorization", testing::BearerFor(other)}});
  ExpectProblem(r, 404);
  r = http_.Request("GET", "/v1/persons/" + std::to_string(id),
                    {{"Customer-Id", other}, {"Authorization", testing::BearerFor(tenant_)}});
  ExpectProblem(r, 403);
  // Without a Customer-Id the credential's tenant is the call's.
  r = http_.Request("GET", "/v1/persons/" + std::to_string(id),
                    {{"Authorization", testing::BearerFor(tenant_)}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(RestTest, HistoryListsEveryChangeNewestFirstWithTheRequestId) {
  int id = CreatePerson();
  std::string path = "/v1/persons/" + std::to_string(id) + "/consent";
  ASSERT_EQ(Call("PUT", path, R"({"status":"granted","medium":"click"})").status, 204);
  auto second = Call("PUT", path, R"({"status":"refused","medium":"telephone"})",
                     {{"X-Request-Id", "req-withdraw-1"}});
  ASSERT_EQ(second.status, 204);
  EXPECT_EQ(second.header("x-request-id"), "req-withdraw-1");
  auto history = json::parse(Call("GET", path + "/history").body)["entries"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["dataConsent"]["status"], "refused");
  EXPECT_EQ(history[0]["requestId"], "req-withdraw-1");
  EXPECT_EQ(history[1]["dataConsent"]["status"], "granted");
}

// SuperOffice PUT ConsentPurpose (list items) and SaveConsentPerson: list items and
// ConsentPerson.
TEST_F(RestTest, ListItemPutAnswers200WithTheSavedItemAndEtag) {
  auto created = Call("POST", "/api/v1/List/ConsentPurpose/Items",
                      R"({"Name":"Newsletter","Key":"#Emarketing"})");
  ASSERT_EQ(created.status, 201) << created.body;
  int id = json::parse(created.body)["ConsentPurposeId"];
  auto r = Call("PUT", "/api/v1/List/ConsentPurpose/Items/" + std::to_string(id), R"({
    "ConsentPurposeId": 362, "Name": "Klocko, McClure and Kris", "ConsentText": "fugit",
    "FormText": "et", "Key": "ea", "Tooltip": "velit", "Active": 454,
    "UpdatedDate": "2006-07-05T17:54:08.8199285+02:00", "UpdatedBy": null, "Deleted": true,
    "Rank": 863, "PrivacyStatementDesc": "non", "PrivacyStatementUrl": "http://www.example.com/"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.header("etag").empty());
  json item = json::parse(r.body);
  EXPECT_EQ(item["ConsentPurposeId"], id);
  EXPECT_EQ(item["Name"], "Klocko, McClure and Kris");
  EXPECT_EQ(item["Rank"], 863);
  for (const char* key :
       {"ConsentText", "FormText", "Key", "Tooltip", "Active", "UpdatedDate", "UpdatedBy",
        "Deleted", "PrivacyStatementDesc", "PrivacyStatementUrl", "TableRight", "FieldProperties"})
    EXPECT_TRUE(item.contains(key)) << key;
  EXPECT_NE(item["UpdatedDate"], "2006-07-05T17:54:08.8199285+02:00");  // read-only

  // A stale ETag is refused and changes nothing.
  auto stale = Call("PUT", "/api/v1/List/ConsentPurpose/Items/" + std::to_string(id),
                    R"({"Name":"Lost"})", {{"If-Match", created.header("etag")}});
  ExpectProblem(stale, 412);
  auto fresh = Call("GET", "/api/v1/List/ConsentPurpose/Items/" + std::to_string(id));
  EXPECT_EQ(json::parse(fresh.body)["Name"], "Klocko, McClure and Kris");
  EXPECT_EQ(fresh.header("etag"), r.header("etag"));
}

TEST_F(RestTest, SaveConsentPersonAnswers200WithEveryProperty) {
  int person = CreatePerson();
  auto r = Call("POST", "/api/v1/Agents/Person/SaveConsentPerson",
                json{{"ConsentPersonId", 0},
                     {"ConsentSource", nullptr},
                     {"LegalBase", nullptr},
                     {"PersonId", person},
                     {"ConsentPurpose", nullptr},
                     {"Comment", "harum"}}
                    .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json saved = json::parse(r.body);
  EXPECT_GT(saved["ConsentPersonId"].get<int>(), 0);
  EXPECT_EQ(saved["PersonId"], person);
  EXPECT_EQ(saved["Comment"], "harum");
  EXPECT_TRUE(saved["ConsentSource"].is_null());
  EXPECT_TRUE(saved["LegalBase"].is_null());
  EXPECT_TRUE(saved.contains("TableRight"));
  EXPECT_TRUE(saved["FieldProperties"].is_object());
  auto read = Call("GET", "/api/v1/Agents/Person/GetConsentPerson?consentPersonId=" +
                              std::to_string(saved["ConsentPersonId"].get<int>()));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(json::parse(read.body)["Comment"], "harum");
  auto history =
      json::parse(Call("GET", "/v1/persons/" + std::to_string(person) + "/consent/history").body);
  EXPECT_EQ(history["entries"][0]["kind"], "ConsentPerson");
}

TEST_F(RestTest, ConsentPersonHasAUrlToReadAndPatch) {
  int person = CreatePerson();
  auto purpose = Call("POST", "/api/v1/List/ConsentPurpose/Items", R"({"Name":"Newsletter"})");
  ASSERT_EQ(purpose.status, 201) << purpose.body;
  int purpose_id = json::parse(purpose.body)["ConsentPurposeId"].get<int>();
  auto saved =
      Call("POST", "/api/v1/Agents/Person/SaveConsentPerson",
           json{{"ConsentPersonId", 0}, {"PersonId", person}, {"Comment", "first"}}.dump());
  ASSERT_EQ(saved.status, 200) << saved.body;
  const std::string url = "/api/v1/ConsentPerson/" +
                          std::to_string(json::parse(saved.body)["ConsentPersonId"].get<int>());
  EXPECT_EQ(json::parse(Call("GET", url).body)["Comment"], "first");
  // A patch sees the resource as GET shows it: an unset reference is a null member.
  auto source = Call("POST", "/api/v1/List/ConsentSource/Items", R"({"Name":"Web form"})");
  ASSERT_EQ(source.status, 201) << source.body;
  auto referenced = Call(
      "PATCH", url,
      json::array({{{"op", "test"}, {"path", "/ConsentSource"}, {"value", nullptr}},
                   {{"op", "replace"},
                    {"path", "/ConsentSource"},
                    {"value", {{"ConsentSourceId", json::parse(source.body)["ConsentSourceId"]}}}}})
          .dump(),
      {{"Content-Type", "application/json-patch+json"}});
  ASSERT_EQ(referenced.status, 200) << referenced.body;
  EXPECT_EQ(json::parse(referenced.body)["ConsentSource"]["Name"], "Web form");

  auto merged = Call(
      "PATCH", url,
      json{{"Comment", "second"}, {"ConsentPurpose", {{"ConsentPurposeId", purpose_id}}}}.dump(),
      {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  json body = json::parse(merged.body);
  EXPECT_EQ(body["Comment"], "second");
  EXPECT_EQ(body["ConsentPurpose"]["Name"], "Newsletter");  // the reference, resolved
  EXPECT_EQ(body["PersonId"], person);
  const std::string etag = merged.header("etag");
  EXPECT_NE(etag, saved.header("etag"));

  auto patched = Call("PATCH", url, R"([{"op":"replace","path":"/comment","value":"third"}])",
                      {{"If-Match", etag}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body)["Comment"], "third");
  ExpectProblem(Call("PATCH", url, R"({"Comment":"stale"})", {{"If-Match", etag}}), 412);
  ExpectProblem(
      Call("PATCH", url, R"([{"op":"replace","path":"/ConsentPersonId","value":999999}])"), 422);
  ExpectProblem(Call("PATCH", url, json{{"Comment", std::string(2001, 'c')}}.dump()), 422);
  ExpectProblem(Call("PATCH", "/api/v1/ConsentPerson/987654", R"({"Comment":"x"})"), 404);
  EXPECT_EQ(json::parse(Call("GET", url).body)["Comment"], "third");
}

// MyPreferences POST ConsentTypes and PATCH ConsentType: consent types.
json SampleConsentTypes(const std::string& first, const std::string& second) {
  json version = {{"ConsentVersion", "sample string 1"},
                  {"LocalizedFields", json::array({{{"ConsentLanguage", "sample string 1"},
                                                    {"Locale", "sample string 2"},
                                                    {"Name", "sample string 3"},
                                                    {"Description", "sample string 4"}}})},
                  {"ExpirationInDays", 2},
                  {"IsActive", true},
                  {"IsAssociatedWithProfiles", true}};
  return {{"ConsentTypes", json::array({{{"Versions", json::array({version, version})},
                                         {"TypeName", first},
                                         {"IsActive", true}},
                                        {{"Versions", json::array({version, version})},
                                         {"TypeName", second},
                                         {"IsActive", true}}})}};
}

// A PATCH that changes nothing (only `test`s) writes nothing: the ETag stays, so If-Match
// flows keep working, and no history entry records a change that did not happen.
TEST_F(RestTest, PatchesThatChangeNothingWriteNothing) {
  const std::string test_only = R"([{"op":"test","path":"/Comment","value":"kept"}])";
  auto unchanged = [&](const std::string& url, const std::string& patch) {
    auto before = Call("GET", url);
    auto patched = Call("PATCH", url, patch, {{"Content-Type", "application/json-patch+json"}});
    EXPECT_EQ(patched.status, 200) << url << " " << patched.body;
    EXPECT_EQ(patched.header("etag"), before.header("etag")) << url;
    EXPECT_EQ(json::parse(patched.body), json::parse(before.body)) << url;
  };

  auto item = Call("POST", "/api/v1/List/ConsentPurpose/Items", R"({"Name":"Kept","Key":"#k"})");
  ASSERT_EQ(item.status, 201) << item.body;
  const std::string item_url = item.header("location");
  unchanged(item_url, R"([{"op":"test","path":"/Name","value":"Kept"}])");
  ASSERT_EQ(Call("DELETE", item_url).status, 204);
  const std::string deleted_etag = Call("GET", item_url).header("etag");
  ASSERT_EQ(Call("DELETE", item_url).status, 204);  // again: already deleted
  EXPECT_EQ(Call("GET", item_url).header("etag"), deleted_etag);

  const int person = CreatePerson();
  const std::string history = "/v1/persons/" + std::to_string(person) + "/consent/history";
  auto saved = Call("POST", "/api/v1/Agents/Person/SaveConsentPerson",
                    json{{"ConsentPersonId", 0}, {"PersonId", person}, {"Comment", "kept"}}.dump());
  ASSERT_EQ(saved.status, 200) << saved.body;
  ASSERT_EQ(Call("PUT", "/v1/persons/" + std::to_string(person) + "/consent",
                 R"({"status":"granted","medium":"email"})")
                .status,
            204);
  const size_t entries = json::parse(Call("GET", history).body)["entries"].size();
  unchanged("/api/v1/ConsentPerson/" +
                std::to_string(json::parse(saved.body)["ConsentPersonId"].get<int>()),
            test_only);
  unchanged("/v1/persons/" + std::to_string(person) + "/consent",
            R"([{"op":"test","path":"/status","value":"granted"}])");
  EXPECT_EQ(json::parse(Call("GET", history).body)["entries"].size(), entries);

  auto type =
      Call("POST", "/" + tenant_ + "/ConsentTypes", SampleConsentTypes("Kept", "Kept too").dump());
  ASSERT_EQ(type.status, 201) << type.body;
  unchanged("/" + tenant_ + "/ConsentType/" +
                std::to_string(json::parse(type.body)["ConsentTypes"][0]["TypeId"].get<int>()),
            R"([{"op":"test","path":"/TypeName","value":"Kept"}])");
}

TEST_F(RestTest, PostConsentTypesSampleVerbatimIs201AndAgainIs409) {
  // The sample states one type twice: it is created once, and both entries answer with it.
  std::string base = "/" + tenant_ + "/ConsentTypes";
  auto r = Call("POST", base, SampleConsentTypes("sample string 1", "sample string 1").dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json created = json::parse(r.body)["ConsentTypes"];
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0], created[1]);
  EXPECT_EQ(r.header("location"),
            "/" + tenant_ + "/ConsentType/" + std::to_string(created[0]["TypeId"].get<int>()));
  EXPECT_EQ(json::parse(Call("GET", base).body)["ConsentTypes"].size(), 1u);
  ExpectProblem(Call("POST", base, SampleConsentTypes("sample string 1", "sample string 1").dump()),
                409);
}

TEST_F(RestTest, BatchCreateIs201WithLocationAndDuplicatesAre409) {
  std::string base = "/" + tenant_ + "/ConsentTypes";
  json same_name = SampleConsentTypes("sample string 1", "sample string 1");
  same_name["ConsentTypes"][1]["IsActive"] = false;
  ExpectProblem(Call("POST", base, same_name.dump()), 409);
  EXPECT_EQ(json::parse(Call("GET", base).body)["ConsentTypes"].size(), 0u);  // all or none

  auto r = Call("POST", base, SampleConsentTypes("Newsletter", "Profiling").dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.header("location").empty());
  json created = json::parse(r.body)["ConsentTypes"];
  ASSERT_EQ(created.size(), 2u);
  EXPECT_GT(created[0]["TypeId"].get<int>(), 0);
  EXPECT_FALSE(created[0]["Edited"]["CreateDate"].get<std::string>().empty());
  EXPECT_GT(created[0]["Versions"][1]["ConsentVersionId"].get<int>(), 0);

  ExpectProblem(Call("POST", base, SampleConsentTypes("newsletter", "Other").dump()), 409);
  auto too_long = Call("POST", base, SampleConsentTypes(std::string(101, 'x'), "Fine").dump());
  ExpectProblem(too_long, 422);
  EXPECT_TRUE(json::parse(too_long.body)["errors"].contains("ConsentTypes[0].TypeName"));
}

// Issue 14, items 1-3: a hostile document costs bounded time and memory, is refused with a
// small problem (never 429 for a validation error) and changes nothing.
TEST_F(RestTest, HostileBodiesAreRefusedWithinTheirBounds) {
  GatewayProcess gateway(testing::SharedServer().address());  // the default limits
  HttpClient http(gateway.address());
  auto Call = [&](const std::string& method, const std::string& target, const std::string& body) {
    return CallVia(http, method, target, body);
  };
  const std::string base = "/" + tenant_ + "/ConsentTypes";
  auto zeros = [](size_t n) {
    std::string body = "{\"ConsentTypes\":[0";
    for (size_t i = 1; i < n; ++i) body += ",0";
    return body + "]}";
  };
  auto too_many = Call("POST", base, zeros(100000));  // 200 KB, within the body limit
  ExpectProblem(too_many, 400);
  EXPECT_NE(too_many.body.find("more than 10000 elements"), std::string::npos) << too_many.body;
  EXPECT_LT(too_many.body.size(), 2000u);

  auto many_bad = Call("POST", base, zeros(5000));  // within the bound: every element wrong
  ExpectProblem(many_bad, 422);
  EXPECT_LE(json::parse(many_bad.body)["errors"].size(), 100u);
  EXPECT_LT(many_bad.body.size(), 64u * 1024);

  json empty_types = {{"ConsentTypes", json::array()}};  // the server's violations, 3 each
  for (int i = 0; i < 300; ++i) empty_types["ConsentTypes"].push_back(json::object());
  auto server_side = Call("POST", base, empty_types.dump());
  ExpectProblem(server_side, 422);
  EXPECT_LE(json::parse(server_side.body)["errors"].size(), 100u);
  EXPECT_EQ(server_side.body.find("metadata"), std::string::npos) << server_side.body;

  auto long_name = Call("POST", "/v1/persons", "{\"" + std::string(500000, 'x') + "\":1}");
  ExpectProblem(long_name, 400);
  EXPECT_LT(long_name.body.size(), 2000u);

  json unknown = {{"FirstName", "A"}};
  for (int i = 0; i < 150; ++i) unknown["u" + std::to_string(1000 + i)] = 1;
  auto unknowns = Call("POST", "/v1/persons", unknown.dump());
  ExpectProblem(unknowns, 400);
  EXPECT_NE(json::parse(unknowns.body)["detail"].get<std::string>().find("and 140 more"),
            std::string::npos)
      << unknowns.body;
  EXPECT_EQ(json::parse(Call("GET", base, "").body)["ConsentTypes"].size(), 0u);

  const std::string target = "/v1/persons/" + std::to_string(CreatePerson()) + "/consent";
  ASSERT_EQ(Call("PUT", target, R"({"status":"granted","medium":"email"})").status, 204);
  json copies = json::array();  // each doubles the document: 30 would ask for ~100 GiB
  for (int i = 0; i < 30; ++i)
    copies.push_back({{"op", "copy"}, {"from", ""}, {"path", "/d" + std::to_string(i)}});
  ExpectProblem(Call("PATCH", target, copies.dump()), 400);
  EXPECT_FALSE(json::parse(Call("GET", target, "").body).contains("d0"));
  EXPECT_EQ(json::parse(Call("GET", target + "/history", "").body)["entries"].size(), 1u);
}

TEST_F(RestTest, PatchBoundsAreFlags) {
  testing::ServerProcess server(testing::SharedCluster().url(),
                                {"--max-patch-operations=2", "--max-patch-values=50"});
  GatewayProcess gateway(server.address());
  HttpClient http(gateway.address());
  const std::string target = "/v1/persons/" + std::to_string(CreatePerson()) + "/consent";
  ASSERT_EQ(CallVia(http, "PUT", target, R"({"status":"granted","medium":"email"})").status, 204);
  const std::string test = R"({"op":"test","path":"/status","value":"granted"})";
  EXPECT_EQ(CallVia(http, "PATCH", target, "[" + test + "," + test + "]").status, 200);
  ExpectProblem(CallVia(http, "PATCH", target, "[" + test + "," + test + "," + test + "]"), 400);
  json big = json::array();  // 60 values added to the document
  for (int i = 0; i < 60; ++i) big.push_back(i);
  ExpectProblem(CallVia(http, "PATCH", target,
                        json::array({{{"op", "add"}, {"path", "/x"}, {"value", big}}}).dump()),
                400);
  EXPECT_EQ(json::parse(Call("GET", target + "/history").body)["entries"].size(), 1u);
}

class ConsentTypePatchTest : public RestTest {
 protected:
  void SetUp() override {
    auto r = Call("POST", "/" + tenant_ + "/ConsentTypes",
                  SampleConsentTypes("Newsletter", "Profiling").dump());
    ASSERT_EQ(r.status, 201) << r.body;
    path_ = "/" + tenant_ + "/ConsentType/" +
            std::to_string(json::parse(r.body)["ConsentTypes"][0]["TypeId"].get<int>());
  }
  HttpResponse Patch(const std::string& body, const std::string& type,
                     std::map<std::string, std::string> headers = {}) {
    headers["Content-Type"] = type;
    return Call("PATCH", path_, body, headers);
  }
  std::string path_;
};

TEST_F(ConsentTypePatchTest, PatchConsentTypeOperationsAnswer200WithThePatchedResource) {
  auto r = Patch(R"([{"op":"test","path":"/TypeName","value":"Newsletter"},
                     {"op":"replace","path":"/TypeName","value":"Weekly newsletter"},
                     {"op":"add","path":"/Versions/-","value":{"ConsentVersion":"v3"}},
                     {"op":"remove","path":"/Versions/0"},
                     {"op":"replace","path":"/IsActive","value":false}])",
                 "application/json-patch+json");
  ASSERT_EQ(r.status, 200) << r.body;
  json patched = json::parse(r.body);
  EXPECT_EQ(patched["TypeName"], "Weekly newsletter");
  EXPECT_EQ(patched["IsActive"], false);
  ASSERT_EQ(patched["Versions"].size(), 2u);
  EXPECT_EQ(patched["Versions"][1]["ConsentVersion"], "v3");
  EXPECT_FALSE(r.header("etag").empty());
  EXPECT_EQ(json::parse(Call("GET", path_).body), patched);
}

TEST_F(ConsentTypePatchTest, ArrayAsApplicationJsonIsAJsonPatchAndObjectIsAMergePatch) {
  ASSERT_EQ(
      Patch(R"([{"op":"replace","path":"/TypeName","value":"A"}])", "application/json").status,
      200);
  ASSERT_EQ(Patch(R"({"IsActive":false})", "text/json").status, 200);
  auto merged = Patch(R"({"TypeName":"B"})", "application/merge-patch+json");
  ASSERT_EQ(merged.status, 200);
  EXPECT_EQ(json::parse(merged.body)["TypeName"], "B");
  EXPECT_EQ(json::parse(merged.body)["IsActive"], false);
}

TEST_F(ConsentTypePatchTest, FailuresAreClassifiedAndChangeNothing) {
  std::string before = Call("GET", path_).body;
  ExpectProblem(Patch(R"([{"op":"test","path":"/TypeName","value":"nope"},
                          {"op":"replace","path":"/TypeName","value":"X"}])",
                      "application/json-patch+json"),
                409);
  ExpectProblem(
      Patch(R"([{"op":"replace","path":"/Nope/x","value":1}])", "application/json-patch+json"),
      422);
  ExpectProblem(
      Patch(R"([{"op":"replace","path":"/TypeId","value":1}])", "application/json-patch+json"),
      422);
  ExpectProblem(Patch(R"([{"op":"jump","path":"/TypeName"}])", "application/json-patch+json"), 400);
  ExpectProblem(
      Patch(R"([{"op":"replace","path":"/TypeName","value":""}])", "application/json-patch+json"),
      422);
  EXPECT_EQ(Call("GET", path_).body, before);
}

TEST_F(ConsentTypePatchTest, StaleIfMatchIs412) {
  std::string etag = Call("GET", path_).header("etag");
  ASSERT_EQ(
      Patch(R"({"IsActive":false})", "application/merge-patch+json", {{"If-Match", etag}}).status,
      200);
  ExpectProblem(Patch(R"({"IsActive":true})", "application/merge-patch+json", {{"If-Match", etag}}),
                412);
}

TEST_F(ConsentTypePatchTest, ConcurrentAddsToOneArrayAllLand) {
  constexpr int kWriters = 24;
  std::vector<std::unique_ptr<HttpClient>> clients;  // connected before the writers start
  for (int i = 0; i < kWriters; ++i)
    clients.push_back(std::make_unique<HttpClient>(SharedGateway().address()));
  for (int status : testing::RunConcurrently(kWriters, [&](int i) {
         return clients[i]
             ->Request(
                 "PATCH", path_,
                 {{"Customer-Id", tenant_},
                  {"Authorization", testing::BearerFor(tenant_)},
                  {"Content-Type", "application/json-patch+json"}},
                 json::array({{{"op", "add"},
                               {"path", "/Versions/-"},
                               {"value", {{"ConsentVersion", "concurrent-" + std::to_string(i)}}}}})
                     .dump())
             .status;
       })) {
    EXPECT_EQ(status, 200);
  }
  json versions = json::parse(Call("GET", path_).body)["Versions"];
  EXPECT_EQ(versions.size(), 2u + kWriters);
  std::set<std::string> labels;
  for (const auto& v : versions) labels.insert(v["ConsentVersion"].get<std::string>());
  for (int i = 0; i < kWriters; ++i) EXPECT_TRUE(labels.count("concurrent-" + std::to_string(i)));
}

// Gateway-level problems.
TEST_F(RestTest, ProtocolErrorsAreProblems) {
  ExpectProblem(Call("GET", "/v1/nowhere"), 404);
  auto wrong = Call("POST", "/v1/persons/1");
  ExpectProblem(wrong, 405);
  EXPECT_FALSE(wrong.header("allow").empty());
  ExpectProblem(Call("POST", "/v1/persons", "Person", {{"Content-Type", "text/plain"}}), 415);
  ExpectProblem(Call("GET", "/v1/persons", "", {{"Accept", "text/html"}}), 406);
  ExpectProblem(Call("POST", "/v1/persons", R"({"FirstName":)"), 400);
  auto unknown = Call("POST", "/v1/persons", R"({"FirstName":"A","Shoe":42})");
  ExpectProblem(unknown, 400);
  EXPECT_NE(json::parse(unknown.body)["detail"].get<std::string>().find("Shoe"), std::string::npos);
  ExpectProblem(Call("POST", "/v1/persons", json{{"FirstName", std::string(70000, 'a')}}.dump()),
                413);
}

TEST_F(RestTest, EveryUnknownFieldIsNamedAndEveryBadValueListed) {
  auto unknown = Call("POST", "/v1/persons", R"({"FirstName":"A","Shoe":42,"Hat":1})");
  ExpectProblem(unknown, 400);
  EXPECT_EQ(json::parse(unknown.body)["detail"], R"(unknown fields "Hat", "Shoe")");

  int id = CreatePerson();
  auto bad = Call("PUT", "/v1/persons/" + std::to_string(id) + "/consent",
                  R"({"status":"yes","medium":"fax","description":7})");
  ExpectProblem(bad, 422);
  json errors = json::parse(bad.body)["errors"];
  EXPECT_EQ(errors["status"], json::array({"must be one of: awaiting, refused, granted"}));
  EXPECT_EQ(errors["medium"], json::array({"must be one of: email, click, telephone"}));
  EXPECT_EQ(errors["description"], json::array({"must be a string"}));
  ExpectProblem(Call("GET", "/v1/persons/" + std::to_string(id) + "/consent"), 404);

  auto boolean =
      Call("POST", "/api/v1/List/ConsentPurpose/Items", R"({"Name":"n","Deleted":"yes"})");
  ExpectProblem(boolean, 422);
  EXPECT_EQ(json::parse(boolean.body)["errors"]["Deleted"], json::array({"must be true or false"}));
}

// SuperOffice PUT ConsentPurpose (list items): "400 Bad request. Entity to save is not in
// request body."
TEST_F(RestTest, MissingOrNonObjectBodyIs400) {
  auto empty = Call("PUT", "/api/v1/List/ConsentPurpose/Items/1", "",
                    {{"Content-Type", "application/json"}});
  ExpectProblem(empty, 400);
  EXPECT_NE(json::parse(empty.body)["detail"].get<std::string>().find("body is missing"),
            std::string::npos);
  ExpectProblem(Call("POST", "/v1/persons", "null"), 400);
  ExpectProblem(Call("POST", "/v1/persons", "[1]"), 400);
}

// The vendor pages list the patch media types among the response formats.
TEST_F(RestTest, PatchMediaTypesAreAcceptableResponseFormats) {
  int id = CreatePerson();
  for (const char* accept : {"application/json-patch+json", "application/merge-patch+json"}) {
    auto r = Call("GET", "/v1/persons/" + std::to_string(id), "", {{"Accept", accept}});
    EXPECT_EQ(r.status, 200) << accept;
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8") << accept;
  }
  // The vendor pages list text/json too: asked for alone, it is what the answer says.
  auto text = Call("GET", "/v1/persons/" + std::to_string(id), "", {{"Accept", "text/json"}});
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.header("content-type"), "text/json; charset=utf-8");
}

TEST(RestBackend, UnreachableServerIs503WithRetryAfter) {
  GatewayProcess gateway("127.0.0.1:" + std::to_string(testing::FreePort()),
                         {"--timeout-ms", "2000"});
  auto r = HttpClient(gateway.address()).Request("GET", "/v1/persons", {{"Customer-Id", "x"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_FALSE(r.header("retry-after").empty());
}

TEST(RestObservability, GatewayMetricsCountRequestsByRouteTemplate) {
  GatewayProcess gateway(testing::SharedServer().address(), {"--metrics-listen", "127.0.0.1:0"});
  HttpClient client(gateway.address());
  for (int i = 0; i < 3; ++i)
    client.Request("GET", "/v1/persons/" + std::to_string(900000 + i),
                   {{"Authorization", testing::BearerFor("m")}});
  auto metrics = HttpClient(gateway.metrics_address()).Request("GET", "/metrics", {});
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find(
          R"(consent_http_requests_total{method="GET",route="/v1/persons/{person_id}",code="404"} 3)"),
      std::string::npos)
      << metrics.body;
}

}  // namespace
}  // namespace consent
