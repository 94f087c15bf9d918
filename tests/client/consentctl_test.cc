// consentctl run as a child process against the real server: --json output parses, tables,
// --help, and the exit codes of `consentctl --help`.
#include <cstdio>
#include <fstream>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "proto/consent/v1/ledger.grpc.pb.h"
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "proto/consent/v1/person_data.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using testing::SharedServer;

struct Outcome {
  int code;
  std::string out;  // stdout
};

Outcome Ctl(std::vector<std::string> args) {
  testing::ChildProcess child(CONSENTCTL_BINARY, args);
  std::string out;
  while (auto line = child.WaitForLine("")) out += *line + "\n";
  return {child.Wait(), out};
}

class ConsentctlTest : public ::testing::Test {
 protected:
  // consentctl against the shared server in this test's tenant, then `args`.
  Outcome Tenant(std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", SharedServer().address(), "--tenant", tenant_, "--token",
                               testing::SignTestToken(testing::TestClaims(tenant_))});
    return Ctl(args);
  }
  std::string tenant_ = testing::UniqueTenant();
};

TEST_F(ConsentctlTest, JsonOutputParsesAndRoundTrips) {
  Outcome created =
      Tenant({"--json", "persons", "create", "--first-name", "Ada", "--email", "ada@example.com"});
  ASSERT_EQ(created.code, 0) << created.out;
  nlohmann::json person = nlohmann::json::parse(created.out);
  ASSERT_TRUE(person["PersonId"].is_number_integer());
  EXPECT_EQ(person["FirstName"], "Ada");
  const std::string id = std::to_string(person["PersonId"].get<int>());

  ASSERT_EQ(Tenant({"consent", "set", id, "--status", "granted", "--medium", "email"}).code, 0);
  Outcome history =
      Tenant({"consent", "history", id, "--json"});  // --json after the command works too
  ASSERT_EQ(history.code, 0);
  nlohmann::json entries = nlohmann::json::parse(history.out)["entries"];
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["dataConsent"]["status"], "granted");

  Outcome empty = Tenant({"--json", "persons", "delete", id});
  ASSERT_EQ(empty.code, 0);
  EXPECT_TRUE(nlohmann::json::parse(empty.out).is_object());
}

// Issue 14, item 21: what --json and the tables show is what REST shows.
TEST_F(ConsentctlTest, JsonErrorsAreJsonAndUnsetEnumsAreNull) {
  Outcome missing = Tenant({"--json", "persons", "get", "999999999"});
  EXPECT_EQ(missing.code, 3);
  nlohmann::json error = nlohmann::json::parse(missing.out)["error"];
  EXPECT_EQ(error["code"], "NOT_FOUND");
  EXPECT_EQ(error["exitCode"], 3);

  Outcome usage = Tenant({"--json", "persons", "get", "not-a-number"});
  EXPECT_EQ(usage.code, 2);
  EXPECT_EQ(nlohmann::json::parse(usage.out)["error"]["code"], "USAGE");

  Outcome created = Tenant({"--json", "persons", "create", "--first-name", "Ada"});
  ASSERT_EQ(created.code, 0) << created.out;
  const std::string id = std::to_string(nlohmann::json::parse(created.out)["PersonId"].get<int>());
  Outcome invalid = Tenant({"--json", "consent", "set", id, "--medium", "click"});  // no status
  EXPECT_EQ(invalid.code, 4);
  EXPECT_FALSE(nlohmann::json::parse(invalid.out)["error"]["violations"].empty()) << invalid.out;

  // recordedAt is the server's: no flag offers it (it was accepted and ignored).
  EXPECT_EQ(Tenant({"consent", "set", id, "--status", "granted", "--medium", "email",
                    "--recorded-at", "2020-01-01T00:00:00Z"})
                .code,
            2);
  ASSERT_EQ(Tenant({"consent", "set", id, "--status", "refused"}).code, 0);  // no medium
  Outcome table = Tenant({"consent", "get", id});
  ASSERT_EQ(table.code, 0);
  EXPECT_EQ(table.out.find("UNSPECIFIED"), std::string::npos) << table.out;
  Outcome json = Tenant({"--json", "consent", "get", id});
  ASSERT_EQ(json.code, 0);
  EXPECT_TRUE(nlohmann::json::parse(json.out)["medium"].is_null()) << json.out;
  EXPECT_FALSE(nlohmann::json::parse(json.out)["recordedAt"].get<std::string>().empty());
}

TEST_F(ConsentctlTest, AnApiUserMadeWithConsentctlCallsWithBasic) {
  const std::string name = "ctl-" + tenant_;
  Outcome created = Tenant({"--json", "api-users", "create", name, "--scopes",
                            "contacts:persons:read,contacts:persons:write"});
  ASSERT_EQ(created.code, 0) << created.out;
  const std::string password = nlohmann::json::parse(created.out)["password"];
  EXPECT_EQ(password.size(), 32u);
  Outcome listed = Tenant({"api-users", "list"});
  ASSERT_EQ(listed.code, 0);
  EXPECT_NE(listed.out.find(name), std::string::npos);
  EXPECT_EQ(listed.out.find(password), std::string::npos);

  auto as_user = [&](const std::string& secret, std::vector<std::string> args) {
    args.insert(args.begin(),
                {"--server", SharedServer().address(), "--basic", name + ":" + secret});
    return Ctl(args);
  };
  EXPECT_EQ(as_user(password, {"persons", "create", "--first-name", "Basic"}).code, 0);
  EXPECT_NE(as_user(password + "x", {"persons", "list"}).code, 0);
  EXPECT_EQ(Tenant({"api-users", "create", name}).code, 2);  // no --scopes
}

TEST_F(ConsentctlTest, TablesByDefault) {
  ASSERT_EQ(Tenant({"persons", "create", "--first-name", "Grace", "--email", "g@example.com"}).code,
            0);
  Outcome list = Tenant({"persons", "list"});
  ASSERT_EQ(list.code, 0);
  EXPECT_EQ(list.out.rfind("PersonId  FirstName  LastName  Email\n", 0), 0u) << list.out;
  EXPECT_NE(list.out.find("Grace"), std::string::npos);
}

TEST_F(ConsentctlTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Ctl({}).code, 2);
  EXPECT_EQ(Ctl({"no-such-command"}).code, 2);
  EXPECT_EQ(Ctl({"persons", "frobnicate"}).code, 2);
  EXPECT_EQ(Ctl({"--tenant", "\xc3\xbc", "persons", "list"}).code, 2);  // ü: not metadata
  EXPECT_EQ(Tenant({"persons", "get"}).code, 2);                        // missing <person-id>
  EXPECT_EQ(Tenant({"persons", "get", "1", "2"}).code, 2);              // one too many
  EXPECT_EQ(Tenant({"persons", "get", "abc"}).code, 2);                 // not a number
  EXPECT_EQ(Tenant({"persons", "create", "--nickname", "x"}).code, 2);
  EXPECT_EQ(Tenant({"consent", "set", "1", "--status", "maybe"}).code, 2);
  EXPECT_EQ(Tenant({"consent-types", "create"}).code, 2);  // --file is required
  EXPECT_EQ(Tenant({"persons", "list", "--timeout", "soon"}).code, 2);
  EXPECT_EQ(Tenant({"persons", "list", "--page-size"}).code, 2);  // flag without value
}

TEST_F(ConsentctlTest, ServerOutcomesMapToExitCodes) {
  EXPECT_EQ(Tenant({"persons", "get", "99999999"}).code, 3);
  EXPECT_EQ(Tenant({"persons", "create", "--email", "not-an-address"}).code, 4);

  const std::string file = ::testing::TempDir() + "/types-" + tenant_ + ".json";
  std::ofstream(file) << R"({"ConsentTypes": [{"TypeName": "News", "IsActive": true,
      "Versions": [{"ConsentVersion": "1", "LocalizedFields": [{"ConsentLanguage": "en",
      "Locale": "en-GB", "Name": "News", "Description": "Weekly"}]}]}]})";
  Outcome created = Tenant({"--json", "consent-types", "create", "--file", file});
  ASSERT_EQ(created.code, 0);
  EXPECT_EQ(nlohmann::json::parse(created.out)["ConsentTypes"][0]["TypeName"], "News");
  EXPECT_EQ(Tenant({"consent-types", "create", "--file", file}).code, 5);  // duplicate TypeName

  std::ofstream(file) << "{not json";
  EXPECT_EQ(Tenant({"consent-types", "create", "--file", file}).code, 4);
  std::remove(file.c_str());

  // Nothing listens there: unavailable.
  EXPECT_EQ(Ctl({"--server", "127.0.0.1:" + std::to_string(testing::FreePort()), "--timeout-ms",
                 "1000", "--tenant", tenant_, "persons", "list"})
                .code,
            6);
}

TEST_F(ConsentctlTest, HelpOnEveryCommand) {
  Outcome top = Ctl({"--help"});
  EXPECT_EQ(top.code, 0);
  EXPECT_NE(top.out.find("Exit codes:"), std::string::npos);
  for (const std::vector<std::string>& command : {std::vector<std::string>{"persons", "create"},
                                                  {"consent", "set"},
                                                  {"consent-person", "save"},
                                                  {"purposes", "update"},
                                                  {"legal-bases", "patch"},
                                                  {"consent-types", "create"},
                                                  {"health"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    Outcome help = Ctl(args);
    EXPECT_EQ(help.code, 0) << command[0];
    EXPECT_EQ(help.out.rfind("usage: consentctl " + command[0], 0), 0u) << help.out;
  }
  EXPECT_NE(Ctl({"consent", "set", "--help"}).out.find("--status        awaiting|refused|granted"),
            std::string::npos);
}

// A file holding `text`, removed with the test's temporary directory.
std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST_F(ConsentctlTest, LedgerVerifyChecksAnExportOfflineAndNamesTheAlteredEvent) {
  auto channel = SharedServer().Channel();
  auto ctx = [&] { return testing::TenantContext(tenant_); };
  v1::CreatePersonRequest create;
  create.mutable_person()->set_first_name("Vera");
  v1::Person person;
  ASSERT_TRUE(v1::PersonService::NewStub(channel)->CreatePerson(ctx().get(), create, &person).ok());
  v1::ConsentPurpose purpose;
  purpose.set_name("Newsletter");
  ASSERT_TRUE(
      v1::ListService::NewStub(channel)->CreateConsentPurpose(ctx().get(), purpose, &purpose).ok());
  auto ledger = v1::LedgerService::NewStub(channel);
  std::vector<std::string> event_ids;
  for (auto state : {v1::ConsentEvent::granted, v1::ConsentEvent::withdrawn}) {
    v1::RecordConsentRequest req;
    req.set_person_id(person.person_id());
    req.set_consent_purpose_id(purpose.consent_purpose_id());
    req.set_state(state);
    v1::ConsentEvent event;
    ASSERT_TRUE(ledger->RecordConsent(ctx().get(), req, &event).ok());
    event_ids.push_back(event.event_id());
  }
  v1::ExportPersonRequest req;
  req.set_person_id(person.person_id());
  auto export_ctx = ctx();
  auto reader = v1::PersonDataService::NewStub(channel)->ExportPerson(export_ctx.get(), req);
  nlohmann::json items = nlohmann::json::array();
  for (v1::PersonExportItem item; reader->Read(&item);) {
    std::string text;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(item, &text).ok());
    items.push_back(nlohmann::json::parse(text));
  }
  ASSERT_TRUE(reader->Finish().ok());
  grpc::ClientContext keys_ctx;
  v1::LedgerKeys keys;
  ASSERT_TRUE(ledger->GetLedgerKeys(&keys_ctx, {}, &keys).ok());
  const std::string keys_file = WriteFile("ledger-keys-" + tenant_, keys.jwks_json());

  Outcome intact =
      Ctl({"ledger", "verify", WriteFile("export-" + tenant_, items.dump()), "--keys", keys_file});
  EXPECT_EQ(intact.code, 0) << intact.out;
  EXPECT_NE(intact.out.find("verified: 2 events in 1 chains, checkpoint signature valid"),
            std::string::npos)
      << intact.out;

  for (auto& item : items) {
    if (item.contains("event") && item["event"]["eventId"] == event_ids[1]) {
      item["event"]["state"] = "granted";
    }
  }
  Outcome altered = Ctl({"--json", "ledger", "verify",
                         WriteFile("altered-" + tenant_, items.dump()), "--keys", keys_file});
  EXPECT_EQ(altered.code, 4) << altered.out;
  const nlohmann::json report = nlohmann::json::parse(altered.out);
  EXPECT_EQ(report["verified"], false);
  EXPECT_EQ(report["brokenEventId"], event_ids[1]);
}

TEST_F(ConsentctlTest, HealthAgainstTheServer) {
  Outcome health = Ctl({"--server", SharedServer().address(), "health"});
  EXPECT_EQ(health.code, 0);
  EXPECT_EQ(health.out, "SERVING\n");
}

}  // namespace
}  // namespace consent
