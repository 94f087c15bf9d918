// ConsentTypeService over a real gRPC channel against the real server and PostgreSQL:
// MyPreferences POST ConsentTypes (batch create) and PATCH ConsentType behaviour.
#include <set>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/consent_types.grpc.pb.h"
#include "tests/support/concurrently.h"
#include "tests/support/grpc_test_util.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::BearerFor;
using testing::SharedServer;
using testing::UniqueTenant;

// A version as in the sample of MyPreferences POST ConsentTypes: two localized fields.
std::string SampleVersion(const std::string& label = "sample string 1") {
  const std::string field = R"({"ConsentLanguage": "sample string 1", "Locale": "sample string 2",
                                "Name": "sample string 3", "Description": "sample string 4"})";
  return R"({"ConsentVersion": ")" + label + R"(", "LocalizedFields": [)" + field + ", " + field +
         R"(], "ExpirationInDays": 2, "IsActive": true, "IsAssociatedWithProfiles": true})";
}

// A type as in the sample of MyPreferences POST ConsentTypes: two versions.
std::string SampleType(const std::string& name) {
  return R"({"Versions": [)" + SampleVersion() + ", " + SampleVersion() + R"(], "TypeName": ")" +
         name + R"(", "IsActive": true})";
}

std::string Metadata(const std::multimap<grpc::string_ref, grpc::string_ref>& md,
                     const std::string& key) {
  auto it = md.find(key);
  return it == md.end() ? "" : std::string(it->second.data(), it->second.size());
}

// A call as `tenant`'s tester (or as the token `metadata` holds) with `metadata`.
std::unique_ptr<grpc::ClientContext> Context(
    const std::string& tenant, const std::map<std::string, std::string>& metadata = {}) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  for (const auto& [key, value] : metadata) ctx->AddMetadata(key, value);
  if (!metadata.contains("authorization")) ctx->AddMetadata("authorization", BearerFor(tenant));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

class ConsentTypesTest : public ::testing::Test {
 protected:
  std::unique_ptr<v1::ConsentTypeService::Stub> stub_ =
      v1::ConsentTypeService::NewStub(SharedServer().Channel());
  std::string tenant_ = UniqueTenant();

  // `types` is the JSON array of ConsentTypes.
  grpc::Status Create(const std::string& types, v1::ConsentTypeEntryList* out,
                      grpc::ClientContext* ctx = nullptr) {
    v1::CreateConsentTypesRequest request;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(R"({"ConsentTypes": )" + types + "}", &request)
            .ok());
    request.set_client_id(tenant_);
    return stub_->CreateConsentTypes(ctx != nullptr ? ctx : Context(tenant_).get(), request, out);
  }

  v1::ConsentTypeEntry CreateOne(const std::string& name) {
    v1::ConsentTypeEntryList out;
    grpc::Status status = Create("[" + SampleType(name) + "]", &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.consent_types_size() == 1 ? out.consent_types(0) : v1::ConsentTypeEntry();
  }

  grpc::Status Get(int type_id, v1::ConsentTypeEntry* out, std::string* etag = nullptr,
                   const std::string& client = "") {
    v1::GetConsentTypeRequest request;
    request.set_client_id(client.empty() ? tenant_ : client);
    request.set_type_id(type_id);
    auto ctx = Context(client.empty() ? tenant_ : client);
    grpc::Status status = stub_->GetConsentType(ctx.get(), request, out);
    if (etag != nullptr) *etag = Metadata(ctx->GetServerInitialMetadata(), "etag");
    return status;
  }

  v1::ConsentTypeEntryList List(int page_size = 0, const std::string& token = "",
                                const std::string& client = "") {
    v1::ListConsentTypesRequest request;
    request.set_client_id(client.empty() ? tenant_ : client);
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::ConsentTypeEntryList out;
    grpc::Status status =
        stub_->ListConsentTypes(Context(client.empty() ? tenant_ : client).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // PATCH with the body media type the gateway forwards and optional extra metadata.
  grpc::Status Patch(int type_id, const std::string& patch, v1::ConsentTypeEntry* out = nullptr,
                     std::map<std::string, std::string> metadata = {},
                     const std::string& client = "") {
    v1::PatchConsentTypeRequest request;
    request.set_client_id(client.empty() ? tenant_ : client);
    request.set_type_id(type_id);
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(patch, request.mutable_patch()).ok())
        << patch;
    metadata.emplace("x-http-content-type", "application/json-patch+json");
    v1::ConsentTypeEntry ignored;
    return stub_->PatchConsentType(Context(client.empty() ? tenant_ : client, metadata).get(),
                                   request, out != nullptr ? out : &ignored);
  }

  v1::ConsentTypeEntry Fetch(int type_id) {
    v1::ConsentTypeEntry entry;
    grpc::Status status = Get(type_id, &entry);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return entry;
  }
};

// --- Create (MyPreferences POST ConsentTypes) ----------------------------------------------

TEST_F(ConsentTypesTest, SampleStatesOneTypeTwiceWhichIsCreatedOnce) {
  // The POST ConsentTypes sample repeats one entry verbatim.
  auto ctx = Context(tenant_);
  v1::ConsentTypeEntryList out;
  grpc::Status status =
      Create("[" + SampleType("sample string 1") + ", " + SampleType("sample string 1") + "]", &out,
             ctx.get());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(out.consent_types_size(), 2);
  EXPECT_GT(out.consent_types(0).type_id(), 0);
  EXPECT_TRUE(MessageDifferencer::Equals(out.consent_types(0), out.consent_types(1)));
  EXPECT_EQ(Metadata(ctx->GetServerInitialMetadata(), "location"),
            "/" + tenant_ + "/ConsentType/" + std::to_string(out.consent_types(0).type_id()));
  EXPECT_EQ(List().consent_types_size(), 1);

  // Sent again, the name is taken.
  status = Create("[" + SampleType("sample string 1") + "]", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(List().consent_types_size(), 1);
}

TEST_F(ConsentTypesTest, EntriesSharingOnlyATypeNameConflictAndCreateNothing) {
  v1::ConsentTypeEntryList out;
  std::string other = SampleType("sample string 1");
  other.replace(other.rfind("true"), 4, "false");  // the type's IsActive
  grpc::Status status = Create("[" + SampleType("sample string 2") + ", " +
                                   SampleType("sample string 1") + ", " + other + "]",
                               &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(status.error_message().find("ConsentTypes[2].TypeName \"sample string 1\""),
            std::string::npos)
      << status.error_message();
  EXPECT_EQ(List().consent_types_size(), 0);
}

TEST_F(ConsentTypesTest, SampleWithDistinctNamesCreatesBothWithServerFields) {
  auto ctx = Context(tenant_, {{"authorization", BearerFor(tenant_, "ann")}});
  v1::ConsentTypeEntryList out;
  grpc::Status status =
      Create("[" + SampleType("sample string 1") + ", " + SampleType("sample string 2") + "]", &out,
             ctx.get());
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto& md = ctx->GetServerInitialMetadata();
  EXPECT_EQ(Metadata(md, "x-http-status"), "201");
  EXPECT_EQ(Metadata(md, "location"), "/" + tenant_ + "/ConsentTypes");
  ASSERT_EQ(out.consent_types_size(), 2);
  std::set<int> version_ids;
  for (const auto& type : out.consent_types()) {
    EXPECT_GT(type.type_id(), 0);
    EXPECT_EQ(type.edited().created_by(), "ann");
    EXPECT_EQ(type.edited().modified_by(), "ann");
    EXPECT_EQ(type.edited().create_date().size(),
              std::string("2026-01-01T00:00:00.000000Z").size());
    EXPECT_EQ(type.edited().create_date().back(), 'Z');
    ASSERT_EQ(type.versions_size(), 2);
    for (const auto& version : type.versions()) {
      version_ids.insert(version.consent_version_id());
      EXPECT_EQ(version.edited().create_date(), type.edited().create_date());
      EXPECT_EQ(version.localized_fields_size(), 2);
      EXPECT_EQ(version.localized_fields(1).description(), "sample string 4");
    }
  }
  EXPECT_EQ(version_ids.size(), 4u);
  EXPECT_EQ(version_ids.count(0), 0u);
  EXPECT_NE(out.consent_types(0).type_id(), out.consent_types(1).type_id());
  EXPECT_EQ(List().consent_types_size(), 2);
}

TEST_F(ConsentTypesTest, SingleCreatedTypeIsTheLocation) {
  auto ctx = Context(tenant_);
  v1::ConsentTypeEntryList out;
  ASSERT_TRUE(Create("[" + SampleType("Only") + "]", &out, ctx.get()).ok());
  EXPECT_EQ(Metadata(ctx->GetServerInitialMetadata(), "location"),
            "/" + tenant_ + "/ConsentType/" + std::to_string(out.consent_types(0).type_id()));
}

TEST_F(ConsentTypesTest, ReadOnlyInputFieldsAreIgnoredOnCreate) {
  v1::ConsentTypeEntryList out;
  ASSERT_TRUE(Create(R"([{"TypeId": 999999, "TypeName": "Mine",
                          "Edited": {"CreatedBy": "mallory", "CreateDate": "1999"},
                          "Versions": [{"ConsentVersionId": 77, "ConsentVersion": "v1",
                                        "Edited": {"CreatedBy": "mallory"}}]}])",
                     &out)
                  .ok());
  const auto& type = out.consent_types(0);
  EXPECT_NE(type.type_id(), 999999);
  EXPECT_EQ(type.edited().created_by(), "tester@" + tenant_);
  EXPECT_NE(type.edited().create_date(), "1999");
  EXPECT_NE(type.versions(0).consent_version_id(), 77);
  EXPECT_EQ(type.versions(0).edited().created_by(), "tester@" + tenant_);
}

TEST_F(ConsentTypesTest, ExistingTypeNameIsConflictCaseInsensitively) {
  CreateOne("Newsletter");
  v1::ConsentTypeEntryList out;
  grpc::Status status = Create("[" + SampleType("NEWSLETTER") + "]", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(status.error_message().find("NEWSLETTER"), std::string::npos);
}

TEST_F(ConsentTypesTest, SameTypeNameInAnotherTenantIsAllowed) {
  CreateOne("Shared");
  tenant_ = UniqueTenant();
  CreateOne("Shared");
  EXPECT_EQ(List().consent_types_size(), 1);
}

TEST_F(ConsentTypesTest, TypeNameMustBeOneToOneHundredCharacters) {
  v1::ConsentTypeEntryList out;
  for (const std::string& name : {std::string(), std::string(101, 'a')}) {
    grpc::Status status = Create("[" + SampleType(name) + "]", &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"ConsentTypes[0].TypeName"});
  }
  std::string hundred_multibyte;
  for (int i = 0; i < 100; ++i) hundred_multibyte += "\xC3\xA9";  // é: 200 bytes
  EXPECT_TRUE(Create("[" + SampleType(hundred_multibyte) + "]", &out).ok());
  EXPECT_EQ(out.consent_types(0).type_name(), hundred_multibyte);
  grpc::Status status = Create("[" + SampleType(hundred_multibyte + "\xE5\x90\x8D") + "]", &out);
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"ConsentTypes[0].TypeName"});
}

TEST_F(ConsentTypesTest, EveryInvalidFieldIsNamedByItsPath) {
  v1::ConsentTypeEntryList out;
  grpc::Status status = Create(
      "[" + SampleType("Fine") + R"(, {"TypeName": "Broken", "Versions": [)" + SampleVersion() +
          ", " + SampleVersion() + R"(, {"ConsentVersion": "", "ExpirationInDays": -1,
              "LocalizedFields": [{"Locale": "", "Name": "n"}]}]}])",
      &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(status),
            (std::vector<std::string>{"ConsentTypes[1].Versions[2].ConsentVersion",
                                      "ConsentTypes[1].Versions[2].ExpirationInDays",
                                      "ConsentTypes[1].Versions[2].LocalizedFields[0].Locale"}));
}

TEST_F(ConsentTypesTest, BatchIsAtomic) {
  v1::ConsentTypeEntryList out;
  EXPECT_EQ(Create("[" + SampleType("First") + ", " + SampleType("") + "]", &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Create("[" + SampleType("First") + ", " + SampleType("   ") + "]", &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  CreateOne("Taken");
  EXPECT_EQ(
      Create("[" + SampleType("Second") + ", " + SampleType("taken") + "]", &out).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  v1::ConsentTypeEntryList all = List();
  ASSERT_EQ(all.consent_types_size(), 1);
  EXPECT_EQ(all.consent_types(0).type_name(), "Taken");
}

TEST_F(ConsentTypesTest, EmptyBatchIsInvalid) {
  v1::ConsentTypeEntryList out;
  EXPECT_EQ(wire::ViolatedFields(Create("[]", &out)), std::vector<std::string>{"ConsentTypes"});
}

// --- Get / List ------------------------------------------------------------------------

TEST_F(ConsentTypesTest, GetReturnsTheTypeWithItsEtag) {
  v1::ConsentTypeEntry created = CreateOne("Readable");
  v1::ConsentTypeEntry read;
  std::string etag;
  ASSERT_TRUE(Get(created.type_id(), &read, &etag).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(etag, "\"1\"");
  EXPECT_EQ(Get(created.type_id() + 100000, &read).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ConsentTypesTest, ListPagesThroughEveryTypeInIdOrder) {
  for (int i = 0; i < 5; ++i) CreateOne("Type " + std::to_string(i));
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    v1::ConsentTypeEntryList page = List(2, token);
    for (const auto& type : page.consent_types()) names.push_back(type.type_name());
    token = page.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(names, (std::vector<std::string>{"Type 0", "Type 1", "Type 2", "Type 3", "Type 4"}));
  EXPECT_EQ(pages, 3);
}

TEST_F(ConsentTypesTest, AnotherClientSeesNothingAndCannotPatch) {
  v1::ConsentTypeEntry mine = CreateOne("Private");
  std::string other = UniqueTenant();
  v1::ConsentTypeEntry read;
  EXPECT_EQ(Get(mine.type_id(), &read, nullptr, other).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Patch(mine.type_id(), R"([{"op": "replace", "path": "/TypeName", "value": "x"}])",
                  nullptr, {}, other)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(List(0, "", other).consent_types_size(), 0);
  EXPECT_EQ(Fetch(mine.type_id()).type_name(), "Private");
}

// --- Patch (MyPreferences PATCH ConsentType) -------------------------------------------

TEST_F(ConsentTypesTest, PatchAppliesAddReplaceRemoveAndTest) {
  v1::ConsentTypeEntry before = CreateOne("Original");
  v1::ConsentTypeEntry after;
  grpc::Status status = Patch(before.type_id(), R"([
      {"op": "test", "path": "/TypeName", "value": "Original"},
      {"op": "replace", "path": "/TypeName", "value": "Renamed"},
      {"op": "replace", "path": "/IsActive", "value": false},
      {"op": "add", "path": "/Versions/-", "value": {"ConsentVersion": "v3", "ExpirationInDays": 30}},
      {"op": "replace", "path": "/Versions/0/LocalizedFields/0/Name", "value": "Nieuws"},
      {"op": "add", "path": "/Versions/0/LocalizedFields/-", "value": {"Locale": "nl-NL", "Name": "N"}},
      {"op": "remove", "path": "/Versions/1/LocalizedFields/1"}])",
                              &after, {{"authorization", BearerFor(tenant_, "bob")}});
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(after.type_name(), "Renamed");
  EXPECT_FALSE(after.is_active());
  ASSERT_EQ(after.versions_size(), 3);
  EXPECT_EQ(after.versions(0).consent_version_id(), before.versions(0).consent_version_id());
  EXPECT_EQ(after.versions(1).consent_version_id(), before.versions(1).consent_version_id());
  EXPECT_EQ(after.versions(0).localized_fields(0).name(), "Nieuws");
  EXPECT_EQ(after.versions(0).localized_fields_size(), 3);
  EXPECT_EQ(after.versions(1).localized_fields_size(), 1);
  const auto& added = after.versions(2);
  EXPECT_GT(added.consent_version_id(), before.versions(1).consent_version_id());
  EXPECT_EQ(added.consent_version(), "v3");
  EXPECT_EQ(added.edited().created_by(), "bob");
  EXPECT_EQ(after.edited().create_date(), before.edited().create_date());
  EXPECT_EQ(after.edited().created_by(), "tester@" + tenant_);
  EXPECT_EQ(after.edited().modified_by(), "bob");
  EXPECT_GT(after.edited().modified_date(), before.edited().modified_date());
  EXPECT_EQ(after.versions(0).edited().modified_by(), "bob");  // content changed
  std::string etag;
  v1::ConsentTypeEntry read;
  ASSERT_TRUE(Get(before.type_id(), &read, &etag).ok());
  EXPECT_EQ(read.SerializeAsString(), after.SerializeAsString());
  EXPECT_EQ(etag, "\"2\"");
}

TEST_F(ConsentTypesTest, UnchangedVersionKeepsItsEdited) {
  v1::ConsentTypeEntry before = CreateOne("Stable");
  v1::ConsentTypeEntry after;
  ASSERT_TRUE(
      Patch(before.type_id(), R"([{"op": "replace", "path": "/IsActive", "value": false}])", &after)
          .ok());
  EXPECT_EQ(after.versions(0).SerializeAsString(), before.versions(0).SerializeAsString());
}

TEST_F(ConsentTypesTest, RemovingAVersionKeepsTheOthersIds) {
  v1::ConsentTypeEntry before = CreateOne("Shrinking");
  v1::ConsentTypeEntry after;
  ASSERT_TRUE(Patch(before.type_id(), R"([{"op": "remove", "path": "/Versions/0"}])", &after).ok());
  ASSERT_EQ(after.versions_size(), 1);
  EXPECT_EQ(after.versions(0).consent_version_id(), before.versions(1).consent_version_id());
}

TEST_F(ConsentTypesTest, FailedTestChangesNothing) {
  v1::ConsentTypeEntry before = CreateOne("Guarded");
  grpc::Status status = Patch(before.type_id(), R"([
      {"op": "replace", "path": "/TypeName", "value": "Changed"},
      {"op": "test", "path": "/TypeName", "value": "Guarded"}])");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  v1::ConsentTypeEntry read;
  std::string etag;
  ASSERT_TRUE(Get(before.type_id(), &read, &etag).ok());
  EXPECT_EQ(read.SerializeAsString(), before.SerializeAsString());
  EXPECT_EQ(etag, "\"1\"");
}

TEST_F(ConsentTypesTest, ReadOnlyFieldsCannotBePatched) {
  v1::ConsentTypeEntry before = CreateOne("Locked");
  const int id = before.type_id();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([{"op": "replace", "path": "/TypeId", "value": 1}])", "TypeId"},
      {R"([{"op": "replace", "path": "/Edited/CreatedBy", "value": "eve"}])", "Edited"},
      {R"([{"op": "remove", "path": "/Edited"}])", "Edited"},
      {R"([{"op": "replace", "path": "/Versions/0/ConsentVersionId", "value": 1}])",
       "Versions[0].ConsentVersionId"},
      {R"([{"op": "replace", "path": "/Versions/1/Edited/CreateDate", "value": "x"}])",
       "Versions[1].Edited"},
      {R"([{"op": "copy", "from": "/Versions/0", "path": "/Versions/-"}])",
       "Versions[2].ConsentVersionId"},
  };
  for (const auto& [patch, field] : cases) {
    grpc::Status status = Patch(id, patch);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << patch;
    EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{field}) << patch;
  }
  EXPECT_EQ(Fetch(id).SerializeAsString(), before.SerializeAsString());
}

TEST_F(ConsentTypesTest, BadPatchesAreClassified) {
  const int id = CreateOne("Target").type_id();
  grpc::Status status =
      Patch(id, R"([{"op": "replace", "path": "/Versions/9/IsActive", "value": true}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"Versions[9].IsActive"});
  status = Patch(id, R"([{"op": "move", "path": "/TypeName"}])");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(wire::ViolatedFields(status).empty());
  status = Patch(id, R"([{"op": "add", "path": "/Colour", "value": "red"}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"Colour"});
  status = Patch(id, R"([{"op": "replace", "path": "/Versions/0/ExpirationInDays", "value": -5}])");
  EXPECT_EQ(wire::ViolatedFields(status), std::vector<std::string>{"Versions[0].ExpirationInDays"});
}

TEST_F(ConsentTypesTest, PatchedTypeNameIsValidatedAndUnique) {
  CreateOne("Existing");
  const int id = CreateOne("Mine").type_id();
  EXPECT_EQ(
      wire::ViolatedFields(Patch(id, R"([{"op": "replace", "path": "/TypeName", "value": ""}])")),
      std::vector<std::string>{"TypeName"});
  EXPECT_EQ(
      Patch(id, R"([{"op": "replace", "path": "/TypeName", "value": "existing"}])").error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(Patch(id, R"([{"op": "replace", "path": "/TypeName", "value": "MINE"}])").ok());
}

TEST_F(ConsentTypesTest, StaleIfMatchIsFailedPrecondition) {
  const int id = CreateOne("Versioned").type_id();
  const std::string rename = R"([{"op": "replace", "path": "/TypeName", "value": "V2"}])";
  ASSERT_TRUE(Patch(id, rename, nullptr, {{"if-match", "\"1\""}}).ok());
  EXPECT_EQ(Patch(id, rename, nullptr, {{"if-match", "\"1\""}}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Patch(id, rename, nullptr, {{"if-match", "\"2\""}}).ok());
}

TEST_F(ConsentTypesTest, MergePatchUpdatesNamedMembers) {
  v1::ConsentTypeEntry before = CreateOne("Merged");
  v1::ConsentTypeEntry after;
  ASSERT_TRUE(Patch(before.type_id(), R"({"TypeName": "Merged 2", "IsActive": false})", &after,
                    {{"x-http-content-type", "application/merge-patch+json"}})
                  .ok());
  EXPECT_EQ(after.type_name(), "Merged 2");
  EXPECT_FALSE(after.is_active());
  EXPECT_EQ(after.versions_size(), 2);
}

TEST_F(ConsentTypesTest, EveryCreateAndChangeIsKeptAsEvidence) {
  const int id = CreateOne("Evidenced").type_id();
  ASSERT_TRUE(
      Patch(id, R"([{"op": "replace", "path": "/TypeName", "value": "Evidenced 2"}])").ok());
  ASSERT_EQ(Patch(id, R"([{"op": "test", "path": "/TypeName", "value": "wrong"}])").error_code(),
            grpc::StatusCode::ABORTED);  // a failed patch leaves no entry
  pqxx::connection db(testing::SharedCluster().url());
  pqxx::work txn(db);
  auto rows = txn.exec_params(
      "SELECT action, snapshot->>'TypeName', (snapshot->>'TypeId')::int FROM consent_type_history"
      " WHERE tenant = $1 ORDER BY entry_id",
      tenant_);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as<std::string>(), "create");
  EXPECT_EQ(rows[0][1].as<std::string>(), "Evidenced");
  EXPECT_EQ(rows[1][0].as<std::string>(), "update");
  EXPECT_EQ(rows[1][1].as<std::string>(), "Evidenced 2");
  EXPECT_EQ(rows[1][2].as<int>(), id);
  EXPECT_THROW(txn.exec_params("DELETE FROM consent_type_history WHERE tenant = $1", tenant_),
               pqxx::sql_error);
}

TEST_F(ConsentTypesTest, ConcurrentVersionAddsAreAllKept) {
  v1::ConsentTypeEntry type = CreateOne("Contended");
  constexpr int kThreads = 32;
  for (const grpc::Status& result : testing::RunConcurrently(kThreads, [&](int i) {
         return Patch(
             type.type_id(),
             R"([{"op": "add", "path": "/Versions/-", "value": {"ConsentVersion": "concurrent )" +
                 std::to_string(i) + R"("}}])");
       })) {
    EXPECT_TRUE(result.ok()) << result.error_message();
  }
  v1::ConsentTypeEntry read;
  std::string etag;
  ASSERT_TRUE(Get(type.type_id(), &read, &etag).ok());
  std::set<std::string> labels;
  std::set<int> ids;
  for (const auto& version : read.versions()) {
    labels.insert(version.consent_version());
    ids.insert(version.consent_version_id());
  }
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(labels.count("concurrent " + std::to_string(i)), 1u);
  EXPECT_EQ(read.versions_size(), kThreads + 2);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads + 2));
  EXPECT_EQ(etag, "\"" + std::to_string(kThreads + 1) + "\"");
}

}  // namespace
}  // namespace consent
