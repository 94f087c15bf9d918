// XML and form bodies through the real gateway and server: the vendor pages' XML samples
// verbatim, every GET route answering the same in XML as in JSON (walked from the
// descriptors), XML problems, hostile documents refused, content negotiation with
// q-values, and SuperOffice form bodies.
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <absl/strings/str_cat.h>
#include <absl/strings/str_replace.h>
#include <absl/time/time.h>
#include <google/api/annotations.pb.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gateway/json_body.h"
#include "lib/protojson/api_schema.h"
#include "lib/protoxml/xml_reader.h"
#include "proto/embedded_descriptor_set.h"
#include "tests/e2e/rest_test.h"

namespace consent {
namespace {

using json = nlohmann::json;

std::string Sample(const std::string& name) {
  std::ifstream in(absl::StrCat(VENDOR_XML_DIR, "/", name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RestXmlTest : public RestTest {
 protected:
  testing::HttpResponse Xml(const std::string& method, const std::string& target,
                            const std::string& body = "",
                            const std::string& content_type = "application/xml",
                            const std::string& accept = "application/xml") {
    std::map<std::string, std::string> headers = {{"Accept", accept}};
    if (!body.empty()) headers["Content-Type"] = content_type;
    return Call(method, target, body, headers);
  }

  static void ExpectXmlProblem(const testing::HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+xml; charset=utf-8") << r.body;
    EXPECT_EQ(r.body.rfind("<problem xmlns=\"urn:ietf:rfc:7807\"><type>about:blank</type>", 0), 0u)
        << r.body;
    EXPECT_NE(r.body.find(absl::StrCat("<status>", status, "</status>")), std::string::npos)
        << r.body;
  }

  int CreateType() {
    auto r = Call("POST", "/" + tenant_ + "/ConsentTypes",
                  R"({"ConsentTypes":[{"TypeName":"Letters","IsActive":true,"Versions":[
                      {"ConsentVersion":"1","IsActive":true,"ExpirationInDays":30,
                       "LocalizedFields":[{"Locale":"en","Name":"Letters","Description":"d"}]}]}]})");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["ConsentTypes"][0]["TypeId"].get<int>();
  }

  int CreateItem(const std::string& list, const std::string& id_name) {
    auto r = Call("POST", "/api/v1/List/" + list + "/Items", R"({"Name":"Item"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)[id_name].get<int>();
  }
};

TEST_F(RestXmlTest, TheCreateSampleVerbatimAnswers201WithAConsentTypeEntryList) {
  auto r = Xml("POST", "/" + tenant_ + "/ConsentTypes", Sample("create_consent_types_request.xml"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
  EXPECT_FALSE(r.header("location").empty());
  EXPECT_EQ(r.header("vary"), "Accept, Accept-Language");
  EXPECT_EQ(
      r.body.rfind("<ConsentTypeEntryList xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\""
                   " xmlns=\"http://schemas.datacontract.org/2004/07/"
                   "ProfileServices.REST.Models\"><ConsentTypes><ConsentTypeEntry>"
                   "<IsActive>true</IsActive><TypeName>sample string 1</TypeName><Edited>",
                   0),
      0u)
      << r.body;
  EXPECT_NE(r.body.find("<Versions><ConsentVersion><ConsentVersion>sample string 1</ConsentVersion>"
                        "<ExpirationInDays>2</ExpirationInDays>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<LocalizedFields><LocalizedConsentField><Description>sample string 4"
                        "</Description><Locale>sample string 2</Locale>"),
            std::string::npos)
      << r.body;
  // The same with text/xml both ways.
  auto text = Xml("POST", "/" + tenant_ + "/ConsentTypes",
                  absl::StrReplaceAll(Sample("create_consent_types_request.xml"),
                                      {{"sample string 1", "Second batch"}}),
                  "text/xml; charset=utf-8", "text/xml");
  ASSERT_EQ(text.status, 201) << text.body;
  EXPECT_EQ(text.header("content-type"), "text/xml; charset=utf-8");
}

TEST_F(RestXmlTest, AJsonPatchSentAsXmlIs415NamingTheJsonPatchTypes) {
  const int type = CreateType();
  auto r = Xml("PATCH", "/" + tenant_ + "/ConsentType/" + std::to_string(type),
               Sample("patch_consent_type_request.xml"));
  ExpectXmlProblem(r, 415);
  EXPECT_NE(r.body.find("application/json-patch+json"), std::string::npos) << r.body;
  // The resource as the page's XML response shows it.
  auto got = Xml("GET", "/" + tenant_ + "/ConsentType/" + std::to_string(type));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body.rfind("<ConsentTypeEntry xmlns:i=", 0), 0u) << got.body;
  EXPECT_FALSE(got.header("etag").empty());
}

TEST_F(RestXmlTest, ProblemsComeAsProblemXmlWithTheFieldErrors) {
  ExpectXmlProblem(Xml("GET", "/" + tenant_ + "/ConsentType/999999"), 404);
  auto invalid = Xml("POST", "/" + tenant_ + "/ConsentTypes",
                     "<CreateConsentTypeEntryList><ConsentTypes><CreateConsentTypeEntry>"
                     "<IsActive>true</IsActive><TypeName></TypeName><Versions>"
                     "<CreateConsentVersion><ExpirationInDays>soon</ExpirationInDays>"
                     "</CreateConsentVersion></Versions></CreateConsentTypeEntry></ConsentTypes>"
                     "</CreateConsentTypeEntryList>");
  ExpectXmlProblem(invalid, 422);
  EXPECT_NE(invalid.body.find("<errors><i><property>ConsentTypes[0].Versions[0].ExpirationInDays"
                              "</property><messages><i>"),
            std::string::npos)
      << invalid.body;
  auto unknown =
      Xml("POST", "/" + tenant_ + "/ConsentTypes",
          "<CreateConsentTypeEntryList><Colour>red</Colour></CreateConsentTypeEntryList>");
  ExpectXmlProblem(unknown, 400);
  EXPECT_NE(unknown.body.find("Colour"), std::string::npos) << unknown.body;
  // Nothing was created by any of them.
  auto list = Call("GET", "/" + tenant_ + "/ConsentTypes");
  EXPECT_EQ(json::parse(list.body)["ConsentTypes"].size(), 0u) << list.body;
}

TEST_F(RestXmlTest, XmlBombsExternalEntitiesAndOversizedDocumentsAreRefused) {
  const std::string target = "/" + tenant_ + "/ConsentTypes";
  std::string bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    absl::StrAppend(&bomb, "<!ENTITY lol", i, " \"");
    for (int j = 0; j < 10; ++j)
      absl::StrAppend(&bomb, i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";");
    bomb += "\">";
  }
  bomb +=
      "]><CreateConsentTypeEntryList><ConsentTypes><CreateConsentTypeEntry><TypeName>&lol9;"
      "</TypeName></CreateConsentTypeEntry></ConsentTypes></CreateConsentTypeEntryList>";
  auto r = Xml("POST", target, bomb);
  ExpectXmlProblem(r, 400);
  EXPECT_NE(r.body.find("DOCTYPE"), std::string::npos) << r.body;
  ExpectXmlProblem(Xml("POST", target,
                       "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                       "<CreateConsentTypeEntryList><ConsentTypes><CreateConsentTypeEntry>"
                       "<TypeName>&xxe;</TypeName></CreateConsentTypeEntry></ConsentTypes>"
                       "</CreateConsentTypeEntryList>"),
                   400);
  std::string deep = "<CreateConsentTypeEntryList>";
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  ExpectXmlProblem(Xml("POST", target, deep + "</CreateConsentTypeEntryList>"), 400);
  ExpectXmlProblem(Xml("POST", target, "<CreateConsentTypeEntryList><ConsentTypes>"), 400);
  auto list = Call("GET", target);
  EXPECT_EQ(json::parse(list.body)["ConsentTypes"].size(), 0u) << list.body;
  // Last: the gateway closes the connection after a 413.
  std::string huge = "<CreateConsentTypeEntryList><ConsentTypes><CreateConsentTypeEntry><TypeName>";
  huge += std::string(70000, 'x');  // past the test gateway's --max-body-bytes
  huge += "</TypeName></CreateConsentTypeEntry></ConsentTypes></CreateConsentTypeEntryList>";
  ExpectXmlProblem(Xml("POST", target, huge), 413);
}

TEST_F(RestXmlTest, AcceptWithQValuesChoosesTheRepresentation) {
  const std::string target = "/v1/persons/" + std::to_string(CreatePerson());
  struct Case {
    const char* accept;
    const char* type;
  };
  for (const Case& c : {Case{"application/xml;q=0.9, application/json;q=0.5", "application/xml"},
                        Case{"application/json;q=0.9, application/xml;q=0.5", "application/json"},
                        Case{"text/*;q=0.5, text/xml", "text/xml"}, Case{"*/*", "application/json"},
                        Case{"text/json", "text/json"}}) {
    auto r = Xml("GET", target, "", "", c.accept);
    EXPECT_EQ(r.status, 200) << c.accept;
    EXPECT_EQ(r.header("content-type"), absl::StrCat(c.type, "; charset=utf-8")) << c.accept;
    EXPECT_EQ(r.header("vary"), "Accept, Accept-Language") << c.accept;
  }
  auto refused = Xml("GET", target, "", "", "text/html, application/xml;q=0");
  EXPECT_EQ(refused.status, 406);
}

TEST_F(RestXmlTest, FormBodiesSaveAConsentPersonAndAPurpose) {
  const int person = CreatePerson();
  const int purpose = CreateItem("ConsentPurpose", "ConsentPurposeId");
  const int legal = CreateItem("LegalBase", "LegalBaseId");
  const std::string form = absl::StrCat(
      "ConsentPersonId=0&PersonId=", person, "&ConsentPurpose.ConsentPurposeId=", purpose,
      "&LegalBase[LegalBaseId]=", legal, "&ConsentSource=&Comment=Signed+up+%26+ticked");
  auto saved = Call("POST", "/api/v1/Agents/Person/SaveConsentPerson", form,
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const json body = json::parse(saved.body);
  EXPECT_EQ(body["PersonId"], person);
  EXPECT_EQ(body["ConsentPurpose"]["ConsentPurposeId"], purpose);
  EXPECT_EQ(body["LegalBase"]["LegalBaseId"], legal);
  EXPECT_EQ(body["Comment"], "Signed up & ticked");

  auto put = Call("PUT", "/api/v1/List/ConsentPurpose/Items/" + std::to_string(purpose),
                  "Name=Newsletter&ConsentText=We+write&Rank=3",
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body)["ConsentText"], "We write");
  auto bad =
      Call("PUT", "/api/v1/List/ConsentPurpose/Items/" + std::to_string(purpose),
           "Name=Newsletter&Rank=high", {{"Content-Type", "application/x-www-form-urlencoded"}});
  ExpectProblem(bad, 422);
  EXPECT_TRUE(json::parse(bad.body)["errors"].contains("Rank")) << bad.body;
  auto fresh = Call("GET", "/api/v1/List/ConsentPurpose/Items/" + std::to_string(purpose));
  EXPECT_EQ(json::parse(fresh.body)["Rank"], 3);
}

TEST_F(RestXmlTest, AcceptLanguageAndSoLanguagePickTheLocalizedTexts) {
  auto created = Call("POST", "/" + tenant_ + "/ConsentTypes",
                      R"({"ConsentTypes":[{"TypeName":"Letters","IsActive":true,"Versions":[
                          {"ConsentVersion":"1","IsActive":true,"LocalizedFields":[
                            {"Locale":"en-GB","Name":"Letters"},
                            {"Locale":"de","Name":"Briefe"},
                            {"Locale":"nb-NO","Name":"Brev"}]}]}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string target =
      "/" + tenant_ + "/ConsentType/" +
      std::to_string(json::parse(created.body)["ConsentTypes"][0]["TypeId"].get<int>());
  auto names = [](const testing::HttpResponse& r) {
    const json body = json::parse(r.body);
    std::vector<std::string> out;
    for (const auto& f : body["Versions"][0]["LocalizedFields"]) out.push_back(f["Name"]);
    return out;
  };
  auto german = Call("GET", target, "", {{"Accept-Language", "fr;q=0.9, de-CH, en;q=0.5"}});
  EXPECT_EQ(names(german), std::vector<std::string>{"Briefe"});
  EXPECT_EQ(german.header("content-language"), "de");
  auto english = Call("GET", target, "", {{"Accept-Language", "en-GB"}});
  EXPECT_EQ(names(english), std::vector<std::string>{"Letters"});
  auto norwegian = Call("GET", target, "", {{"Accept-Language", "de"}, {"SO-Language", "nb-NO"}});
  EXPECT_EQ(names(norwegian), std::vector<std::string>{"Brev"});
  EXPECT_EQ(norwegian.header("content-language"), "nb-NO");
  auto unknown = Call("GET", target, "", {{"Accept-Language", "fr, *"}});
  EXPECT_EQ(names(unknown).size(), 3u);
  EXPECT_EQ(unknown.header("content-language"), "");
  auto xml = Call("GET", target, "", {{"Accept", "application/xml"}, {"Accept-Language", "de"}});
  EXPECT_NE(xml.body.find("<LocalizedFields><LocalizedConsentField><Description></Description>"
                          "<Locale>de</Locale><Name>Briefe</Name>"),
            std::string::npos)
      << xml.body;
  EXPECT_EQ(xml.body.find("<Locale>en-GB</Locale>"), std::string::npos) << xml.body;
  EXPECT_EQ(xml.header("content-language"), "de");
  // The stored type still has all three.
  EXPECT_EQ(names(Call("GET", target)).size(), 3u);
}

TEST_F(RestXmlTest, SoTimeZoneWritesUpdatedDateInThatZone) {
  const std::string target = "/api/v1/List/ConsentPurpose/Items/" +
                             std::to_string(CreateItem("ConsentPurpose", "ConsentPurposeId"));
  const std::string utc = json::parse(Call("GET", target).body)["UpdatedDate"];
  ASSERT_EQ(utc.back(), 'Z') << utc;
  const std::string tokyo =
      json::parse(Call("GET", target, "", {{"SO-TimeZone", "Asia/Tokyo"}}).body)["UpdatedDate"];
  EXPECT_EQ(tokyo.substr(tokyo.size() - 6), "+09:00") << tokyo;
  absl::Time a, b;
  std::string error;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, utc, &a, &error)) << utc;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, tokyo, &b, &error)) << tokyo;
  EXPECT_EQ(a, b);  // the same instant
  for (const char* ignored : {"Mars/Olympus", "../../etc/passwd", ""}) {
    EXPECT_EQ(json::parse(Call("GET", target, "", {{"SO-TimeZone", ignored}}).body)["UpdatedDate"],
              utc)
        << ignored;
  }
}

// Every GET route of the API, as the descriptors list them, answers the same in XML as in
// JSON: the same status and headers, and a body that reads back as the same message.
TEST_F(RestXmlTest, EveryGetRouteAnswersTheSameInXmlAsInJson) {
  const int person = CreatePerson();
  const int purpose = CreateItem("ConsentPurpose", "ConsentPurposeId");
  const int source = CreateItem("ConsentSource", "ConsentSourceId");
  const int legal = CreateItem("LegalBase", "LegalBaseId");
  const int type = CreateType();
  auto saved = Call("POST", "/api/v1/Agents/Person/SaveConsentPerson",
                    json{{"PersonId", person},
                         {"ConsentPurpose", {{"ConsentPurposeId", purpose}}},
                         {"LegalBase", {{"LegalBaseId", legal}}},
                         {"ConsentSource", {{"ConsentSourceId", source}}}}
                        .dump());
  ASSERT_EQ(saved.status, 200) << saved.body;
  const int consent_person = json::parse(saved.body)["ConsentPersonId"].get<int>();
  ASSERT_EQ(Call("PUT", "/v1/persons/" + std::to_string(person) + "/consent",
                 R"({"status":"granted","medium":"email"})")
                .status,
            204);
  auto event =
      Call("POST", "/v1/persons/" + std::to_string(person) + "/consents",
           json{{"consentTypeId", type}, {"medium", "email"}, {"state", "granted"}}.dump());
  ASSERT_EQ(event.status, 201) << event.body;
  const std::string event_id = json::parse(event.body)["eventId"];
  const std::string at = json::parse(event.body)["recordedAt"];  // "now" moves between calls
  const std::string p = std::to_string(person);
  const std::map<std::string, std::string> targets = {
      {"/api/v1/Agents/Person/GetConsentPerson",
       "/api/v1/Agents/Person/GetConsentPerson?consentPersonId=" + std::to_string(consent_person)},
      {"/api/v1/ConsentPerson/{consent_person_id}",
       "/api/v1/ConsentPerson/" + std::to_string(consent_person)},
      {"/{client_id}/ConsentTypes", "/" + tenant_ + "/ConsentTypes"},
      {"/{client_id}/ConsentType/{type_id}",
       "/" + tenant_ + "/ConsentType/" + std::to_string(type)},
      {"/v1/persons/{person_id}/consents", "/v1/persons/" + p + "/consents?at=" + at},
      {"/v1/persons/{person_id}/consent-events", "/v1/persons/" + p + "/consent-events"},
      {"/v1/consent-events/{event_id}", "/v1/consent-events/" + event_id},
      {"/v1/consent-events/{event_id}/receipt", "/v1/consent-events/" + event_id + "/receipt"},
      {"/v1/ledger/checkpoint", "/v1/ledger/checkpoint"},
      {"/v1/ledger/keys", "/v1/ledger/keys"},
      {"/api/v1/List/ConsentPurpose/Items/{id}",
       "/api/v1/List/ConsentPurpose/Items/" + std::to_string(purpose)},
      {"/api/v1/List/ConsentPurpose/Items", "/api/v1/List/ConsentPurpose/Items"},
      {"/api/v1/List/ConsentSource/Items/{id}",
       "/api/v1/List/ConsentSource/Items/" + std::to_string(source)},
      {"/api/v1/List/ConsentSource/Items", "/api/v1/List/ConsentSource/Items"},
      {"/api/v1/List/LegalBase/Items/{id}",
       "/api/v1/List/LegalBase/Items/" + std::to_string(legal)},
      {"/api/v1/List/LegalBase/Items", "/api/v1/List/LegalBase/Items"},
      {"/v1/persons/{person_id}:export", "/v1/persons/" + p + ":export"},
      {"/v1/persons/{person_id}", "/v1/persons/" + p},
      {"/v1/persons", "/v1/persons"},
      {"/v1/persons/{person_id}/consent", "/v1/persons/" + p + "/consent"},
      {"/v1/persons/{person_id}/consent/history", "/v1/persons/" + p + "/consent/history"},
  };
  auto schema = protojson::ApiSchema::FromDescriptorSet(std::string(EmbeddedDescriptorSet()));
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::set<std::string> walked;
  for (const google::protobuf::FileDescriptor* file : (*schema)->files()) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = file->service(s)->method(m);
        const google::api::HttpRule& rule = method->options().GetExtension(google::api::http);
        std::vector<std::string> gets;
        if (!rule.get().empty()) gets.push_back(rule.get());
        for (const auto& more : rule.additional_bindings()) {
          if (!more.get().empty()) gets.push_back(more.get());
        }
        for (const std::string& get : gets) {
          walked.insert(get);
          auto target = targets.find(get);
          ASSERT_NE(target, targets.end()) << "no target for GET " << get << ": add one";
          auto as_json = Call("GET", target->second);
          auto as_xml = Xml("GET", target->second);
          ASSERT_EQ(as_json.status, 200) << get << ": " << as_json.body;
          EXPECT_EQ(as_xml.status, as_json.status) << get << ": " << as_xml.body;
          for (const char* header :
               {"etag", "location", "cache-control", "x-content-type-options"}) {
            EXPECT_EQ(as_xml.header(header), as_json.header(header)) << get << " " << header;
          }
          EXPECT_EQ(as_xml.header("content-type"), "application/xml; charset=utf-8") << get;
          const google::protobuf::Descriptor* output = method->output_type();
          if (method->server_streaming()) {  // one <ArrayOf...> of messages: compare the first
            ASSERT_EQ(as_xml.body.rfind("<ArrayOf" + output->name(), 0), 0u) << as_xml.body;
            continue;
          }
          auto from_xml = protoxml::XmlToJson(as_xml.body, output, {});
          ASSERT_TRUE(from_xml.ok()) << get << ": " << from_xml.status() << "\n" << as_xml.body;
          auto a = (*schema)->NewMessage(output);
          auto b = (*schema)->NewMessage(output);
          ASSERT_TRUE(gateway::ParseJsonInto(as_json.body, *a, {}).ok()) << get;
          ASSERT_TRUE(gateway::ParseJsonInto(*from_xml, *b, {}).ok()) << get << ": " << *from_xml;
          EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*a, *b))
              << get << "\nJSON: " << a->DebugString() << "\nXML: " << b->DebugString();
        }
      }
    }
  }
  EXPECT_EQ(walked.size(), targets.size()) << "a target names a GET route that no longer exists";
}

}  // namespace
}  // namespace consent
