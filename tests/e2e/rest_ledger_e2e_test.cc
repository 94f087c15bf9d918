// The consent ledger through REST, as a campaign uses it: a purpose, decisions, a check
// batch, time travel with `at`, double opt-in, a signed receipt and checkpoint, the
// person's export (JSON and NDJSON) and erasure.
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lib/ledger/export_verifier.h"
#include "lib/ledger/ledger_signature.h"
#include "tests/e2e/rest_test.h"

namespace consent {
namespace {

using json = nlohmann::json;

class RestLedgerTest : public RestTest {
 protected:
  int CreatePurpose() {
    auto r = Call("POST", "/api/v1/List/ConsentPurpose/Items",
                  R"({"Name":"Newsletter","ConsentText":"We e-mail you offers"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["ConsentPurposeId"].get<int>();
  }

  json Record(int person, const json& decision, int status = 201) {
    auto r = Call("POST", "/v1/persons/" + std::to_string(person) + "/consents", decision.dump());
    EXPECT_EQ(r.status, status) << r.body;
    return json::parse(r.body);
  }

  json CheckOne(int person, int purpose, const std::string& at = "") {
    json body = {
        {"checks", {{{"personId", person}, {"consentPurposeId", purpose}, {"medium", "email"}}}}};
    if (!at.empty()) body["at"] = at;
    auto r = Call("POST", "/v1/consents:check", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["results"][0];
  }
};

TEST_F(RestLedgerTest, ACampaignRecordsChecksTravelsInTimeAndProves) {
  const int person = CreatePerson("Camille");
  const int purpose = CreatePurpose();
  const json grant = Record(person, {{"consentPurposeId", purpose},
                                     {"medium", "email"},
                                     {"state", "granted"},
                                     {"evidence", {{"collectionMethod", "web-form"}}}});
  EXPECT_EQ(grant["state"], "granted");
  EXPECT_EQ(grant["hash"].get<std::string>().size(), 64u);
  const json check = CheckOne(person, purpose);
  EXPECT_EQ(check["allowed"], true);
  EXPECT_EQ(check["state"], "granted");
  EXPECT_EQ(check["event"]["eventId"], grant["eventId"]);

  const json withdrawal =
      Record(person, {{"consentPurposeId", purpose}, {"medium", "email"}, {"state", "withdrawn"}});
  EXPECT_EQ(CheckOne(person, purpose)["state"], "withdrawn");
  EXPECT_EQ(CheckOne(person, purpose, grant["recordedAt"])["state"], "granted");
  auto state = Call("GET", "/v1/persons/" + std::to_string(person) +
                               "/consents?at=" + grant["recordedAt"].get<std::string>());
  ASSERT_EQ(state.status, 200) << state.body;
  EXPECT_EQ(json::parse(state.body)["consents"][0]["state"], "granted");

  // The receipt verifies with the published keys (public: no credential needed).
  testing::HttpClient anonymous(testing::SharedGateway().address());
  auto keys = anonymous.Request("GET", "/v1/ledger/keys", {}, "");
  ASSERT_EQ(keys.status, 200) << keys.body;
  const std::string jwks = json::parse(keys.body)["jwks"];
  auto receipt =
      Call("GET", "/v1/consent-events/" + grant["eventId"].get<std::string>() + "/receipt");
  ASSERT_EQ(receipt.status, 200) << receipt.body;
  absl::StatusOr<std::string> claims =
      ledger::VerifyJws(json::parse(receipt.body)["jws"].get<std::string>(), jwks);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(json::parse(*claims)["consentReceiptID"], grant["eventId"]);
  auto checkpoint = Call("GET", "/v1/ledger/checkpoint");
  ASSERT_EQ(checkpoint.status, 200) << checkpoint.body;
  EXPECT_EQ(json::parse(checkpoint.body)["events"], "2");  // int64: a JSON string
  EXPECT_TRUE(ledger::VerifyJws(json::parse(checkpoint.body)["jws"].get<std::string>(), jwks).ok());

  auto events = Call("GET", "/v1/persons/" + std::to_string(person) + "/consent-events");
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(json::parse(events.body)["events"][0]["eventId"], withdrawal["eventId"]);
}

TEST_F(RestLedgerTest, DoubleOptInIsConfirmedByTheTokenAlone) {
  const int person = CreatePerson();
  const int purpose = CreatePurpose();
  const json awaiting = Record(person, {{"consentPurposeId", purpose},
                                        {"medium", "email"},
                                        {"state", "awaiting"},
                                        {"doubleOptIn", true}});
  const std::string token = awaiting["confirmationToken"];
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(CheckOne(person, purpose)["allowed"], false);
  testing::HttpClient anonymous(testing::SharedGateway().address());
  auto confirmed =
      anonymous.Request("POST", "/v1/consent-confirmations/" + token,
                        {{"Content-Type", "application/json"}}, R"({"ipAddress":"192.0.2.1"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(CheckOne(person, purpose)["state"], "granted");
  auto reused = anonymous.Request("POST", "/v1/consent-confirmations/" + token,
                                  {{"Content-Type", "application/json"}}, "{}");
  EXPECT_NE(reused.status, 200);
  EXPECT_LT(reused.status, 500);
}

TEST_F(RestLedgerTest, AnExportIsOneJsonArrayOrNdjsonAndErasureEndsChecks) {
  const int person = CreatePerson("Eraseme");
  const int purpose = CreatePurpose();
  Record(person, {{"consentPurposeId", purpose}, {"medium", "email"}, {"state", "granted"}});
  const std::string target = "/v1/persons/" + std::to_string(person);

  auto document = Call("GET", target + ":export");
  ASSERT_EQ(document.status, 200) << document.body;
  EXPECT_EQ(document.header("content-type"), "application/json; charset=utf-8");
  const json items = json::parse(document.body);
  ASSERT_TRUE(items.is_array());
  EXPECT_EQ(items.front()["person"]["FirstName"], "Eraseme");
  EXPECT_TRUE(items.back().contains("chainProof"));
  testing::HttpClient anonymous(testing::SharedGateway().address());
  const std::string jwks =
      json::parse(anonymous.Request("GET", "/v1/ledger/keys", {}, "").body)["jwks"];
  absl::StatusOr<ledger::ExportCheck> check =
      ledger::VerifyExport(std::vector<json>(items.begin(), items.end()), jwks);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->broken, "");
  EXPECT_TRUE(check->checkpoint_signed);
  EXPECT_TRUE(check->chain_in_checkpoint);

  auto lines = Call("GET", target + ":export", "", {{"Accept", "application/x-ndjson"}});
  ASSERT_EQ(lines.status, 200) << lines.body;
  EXPECT_EQ(lines.header("content-type"), "application/x-ndjson; charset=utf-8");
  std::istringstream in(lines.body);
  std::string line;
  size_t count = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(json::parse(line), items[count]);
    ++count;
  }
  EXPECT_EQ(count, items.size());

  auto erased = Call("POST", target + ":erase", "{}");
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(json::parse(erased.body)["pseudonym"], "erased-person-" + std::to_string(person));
  EXPECT_EQ(CheckOne(person, purpose)["state"], "none");
  EXPECT_EQ(Call("GET", target).status, 404);
  auto after = Call("GET", target + ":export");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.body.find("Eraseme"), std::string::npos);
}

}  // namespace
}  // namespace consent
