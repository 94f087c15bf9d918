// ListService (ConsentPurpose, ConsentSource, LegalBase) against the real server and
// PostgreSQL. Kind-generic behaviour is a typed test over the three kinds.
#include <thread>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "lib/protojson/api_json.h"
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "tests/support/grpc_test_util.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using testing::InitialMetadata;
using testing::SharedServer;
using testing::TenantContext;
using testing::UniqueTenant;
using Stub = v1::ListService::Stub;

// The per-kind RPCs, so one test body exercises every kind.
template <typename Item>
struct Api;
template <>
struct Api<v1::ConsentPurpose> {
  using UpdateRequest = v1::UpdateConsentPurposeRequest;
  using ListResponse = v1::ListConsentPurposesResponse;
  static constexpr auto kCreate = &Stub::CreateConsentPurpose;
  static constexpr auto kGet = &Stub::GetConsentPurpose;
  static constexpr auto kUpdate = &Stub::UpdateConsentPurpose;
  static constexpr auto kDelete = &Stub::DeleteConsentPurpose;
  static constexpr auto kList = &Stub::ListConsentPurposes;
  static int Id(const v1::ConsentPurpose& item) { return item.consent_purpose_id(); }
};
template <>
struct Api<v1::ConsentSource> {
  using UpdateRequest = v1::UpdateConsentSourceRequest;
  using ListResponse = v1::ListConsentSourcesResponse;
  static constexpr auto kCreate = &Stub::CreateConsentSource;
  static constexpr auto kGet = &Stub::GetConsentSource;
  static constexpr auto kUpdate = &Stub::UpdateConsentSource;
  static constexpr auto kDelete = &Stub::DeleteConsentSource;
  static constexpr auto kList = &Stub::ListConsentSources;
  static int Id(const v1::ConsentSource& item) { return item.consent_source_id(); }
};
template <>
struct Api<v1::LegalBase> {
  using UpdateRequest = v1::UpdateLegalBaseRequest;
  using ListResponse = v1::ListLegalBasesResponse;
  static constexpr auto kCreate = &Stub::CreateLegalBase;
  static constexpr auto kGet = &Stub::GetLegalBase;
  static constexpr auto kUpdate = &Stub::UpdateLegalBase;
  static constexpr auto kDelete = &Stub::DeleteLegalBase;
  static constexpr auto kList = &Stub::ListLegalBases;
  static int Id(const v1::LegalBase& item) { return item.legal_base_id(); }
};

// The actor of the vendor pages' samples ("Basic tje0:Tje0"), here a token's subject.
constexpr char kSampleActor[] = "tje0";

template <typename Item>
class ListItemsTest : public ::testing::Test {
 protected:
  using A = Api<Item>;
  std::unique_ptr<Stub> stub_ = v1::ListService::NewStub(SharedServer().Channel());
  std::string tenant_ = UniqueTenant();

  std::string Kind() const { return Item::descriptor()->name(); }

  Item Named(const std::string& name) {
    Item item;
    item.set_name(name);
    return item;
  }

  grpc::Status Create(const Item& item, Item* out, const std::string& tenant = "") {
    auto ctx = TenantContext(tenant.empty() ? tenant_ : tenant);
    return ((*stub_).*A::kCreate)(ctx.get(), item, out);
  }

  Item MustCreate(const std::string& name, const std::string& tenant = "") {
    Item out;
    grpc::Status s = Create(Named(name), &out, tenant);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status Get(int id, Item* out, const std::string& tenant = "") {
    v1::ListItemId req;
    req.set_id(id);
    return ((*stub_).*A::kGet)(TenantContext(tenant.empty() ? tenant_ : tenant).get(), req, out);
  }

  grpc::Status Update(int id, const Item& item, Item* out, const std::string& tenant = "") {
    typename A::UpdateRequest req;
    req.set_id(id);
    *req.mutable_item() = item;
    return ((*stub_).*A::kUpdate)(TenantContext(tenant.empty() ? tenant_ : tenant).get(), req, out);
  }

  grpc::Status Delete(int id, const std::string& tenant = "") {
    v1::ListItemId req;
    req.set_id(id);
    google::protobuf::Empty out;
    return ((*stub_).*A::kDelete)(TenantContext(tenant.empty() ? tenant_ : tenant).get(), req,
                                  &out);
  }

  std::vector<std::string> ListAllNames(int page_size, const std::string& tenant = "") {
    std::vector<std::string> names;
    v1::ListListItemsRequest req;
    req.set_page_size(page_size);
    do {
      typename A::ListResponse page;
      grpc::Status s =
          ((*stub_).*A::kList)(TenantContext(tenant.empty() ? tenant_ : tenant).get(), req, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      EXPECT_LE(page.items_size(), page_size);
      for (const auto& item : page.items()) names.push_back(item.name());
      req.set_page_token(page.next_page_token());
    } while (!req.page_token().empty());
    return names;
  }
};

using Kinds = ::testing::Types<v1::ConsentPurpose, v1::ConsentSource, v1::LegalBase>;
TYPED_TEST_SUITE(ListItemsTest, Kinds);

TYPED_TEST(ListItemsTest, CreateAnswers201WithLocationEtagAndServerSetFields) {
  TypeParam body = this->Named("Newsletter");
  body.set_key("#Emarketing");
  body.set_rank(3);
  body.set_active(1);
  body.mutable_updated_by()->set_name("spoofed");  // read-only: ignored
  auto ctx = TenantContext(this->tenant_, kSampleActor);
  TypeParam created;
  grpc::Status s = ((*this->stub_).*Api<TypeParam>::kCreate)(ctx.get(), body, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  int id = Api<TypeParam>::Id(created);
  ASSERT_GT(id, 0);
  EXPECT_EQ(InitialMetadata(*ctx, "x-http-status"), "201");
  EXPECT_EQ(InitialMetadata(*ctx, "location"),
            "/api/v1/List/" + this->Kind() + "/Items/" + std::to_string(id));
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"1\"");
  EXPECT_EQ(created.name(), "Newsletter");
  EXPECT_EQ(created.key(), "#Emarketing");
  EXPECT_EQ(created.rank(), 3);
  EXPECT_EQ(created.active(), 1);
  EXPECT_FALSE(created.deleted());
  EXPECT_EQ(created.updated_by().associate_id(), 0);
  EXPECT_EQ(created.updated_by().name(), "tje0");
  EXPECT_GT(created.updated_date().seconds(), 1700000000);
  EXPECT_EQ(created.table_right().mask(), "Select, Insert, Update, Delete");

  TypeParam read;
  ASSERT_TRUE(this->Get(id, &read).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, created))
      << read.DebugString() << "\nvs\n"
      << created.DebugString();
}

TYPED_TEST(ListItemsTest, FieldPropertiesDescribeEveryField) {
  TypeParam created = this->MustCreate("Props");
  const auto& props = created.field_properties();
  const auto* descriptor = TypeParam::descriptor();
  EXPECT_EQ(props.size(), static_cast<size_t>(descriptor->field_count() - 2));
  ASSERT_TRUE(props.contains(this->Kind() + "Id"));
  EXPECT_EQ(props.at(this->Kind() + "Id").field_type(), "System.Int32");
  EXPECT_EQ(props.at("Name").field_type(), "System.String");
  EXPECT_EQ(props.at("Name").field_length(), 255);
  EXPECT_EQ(props.at("Tooltip").field_length(), 2000);
  EXPECT_EQ(props.at("Deleted").field_type(), "System.Boolean");
  EXPECT_EQ(props.at("UpdatedDate").field_type(), "System.DateTime");
  EXPECT_FALSE(props.contains("TableRight"));
  EXPECT_FALSE(props.contains("FieldProperties"));
}

TYPED_TEST(ListItemsTest, UnknownOtherTenantsAndOtherKindsIdsAreNotFound) {
  TypeParam mine = this->MustCreate("Mine");
  int id = Api<TypeParam>::Id(mine);
  TypeParam read;
  EXPECT_EQ(this->Get(987654321, &read).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(this->Get(id, &read, UniqueTenant()).error_code(), grpc::StatusCode::NOT_FOUND);
  // An item of another kind, same tenant: ConsentPurpose for the others, LegalBase for it.
  v1::ListItemId req;
  if constexpr (std::is_same_v<TypeParam, v1::ConsentPurpose>) {
    v1::LegalBase other;
    req.set_id(id);
    EXPECT_EQ(
        this->stub_->GetLegalBase(TenantContext(this->tenant_).get(), req, &other).error_code(),
        grpc::StatusCode::NOT_FOUND);
  } else {
    v1::ConsentPurpose other;
    req.set_id(id);
    EXPECT_EQ(this->stub_->GetConsentPurpose(TenantContext(this->tenant_).get(), req, &other)
                  .error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
}

TYPED_TEST(ListItemsTest, ListPagesThroughOnlyThisKindAndTenant) {
  for (int i = 0; i < 5; ++i) this->MustCreate("I" + std::to_string(i));
  this->MustCreate("elsewhere", UniqueTenant());
  v1::ConsentPurpose purpose;
  v1::LegalBase legal_base;
  purpose.set_name("other kind");
  legal_base.set_name("other kind");
  std::unique_ptr<grpc::ClientContext> ctx = TenantContext(this->tenant_);
  if constexpr (std::is_same_v<TypeParam, v1::ConsentPurpose>)
    ASSERT_TRUE(this->stub_->CreateLegalBase(ctx.get(), legal_base, &legal_base).ok());
  else
    ASSERT_TRUE(this->stub_->CreateConsentPurpose(ctx.get(), purpose, &purpose).ok());
  EXPECT_EQ(this->ListAllNames(2), (std::vector<std::string>{"I0", "I1", "I2", "I3", "I4"}));
  EXPECT_EQ(this->ListAllNames(500).size(), 5u);
}

TYPED_TEST(ListItemsTest, DeleteIsSoftAndDeletingAgainSucceeds) {
  TypeParam item = this->MustCreate("Retired");
  int id = Api<TypeParam>::Id(item);
  ASSERT_TRUE(this->Delete(id).ok());
  TypeParam read;
  ASSERT_TRUE(this->Get(id, &read).ok());
  EXPECT_TRUE(read.deleted());
  EXPECT_EQ(read.name(), "Retired");
  EXPECT_TRUE(this->Delete(id).ok());
  ASSERT_TRUE(this->Get(id, &read).ok());
  EXPECT_TRUE(read.deleted());
  // Listed, flagged as deleted.
  EXPECT_EQ(this->ListAllNames(10), std::vector<std::string>{"Retired"});
  EXPECT_EQ(this->Delete(987654321).error_code(), grpc::StatusCode::NOT_FOUND);
}

TYPED_TEST(ListItemsTest, OtherTenantCannotUpdateOrDeleteAndNothingChanges) {
  TypeParam item = this->MustCreate("Guarded");
  int id = Api<TypeParam>::Id(item);
  std::string other = UniqueTenant();
  TypeParam out;
  EXPECT_EQ(this->Update(id, this->Named("Hijacked"), &out, other).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(this->Delete(id, other).error_code(), grpc::StatusCode::NOT_FOUND);
  TypeParam read;
  ASSERT_TRUE(this->Get(id, &read).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, item));
}

TYPED_TEST(ListItemsTest, UpdateReplacesEditableFieldsAndIncrementsVersion) {
  TypeParam item = this->MustCreate("Before");
  int id = Api<TypeParam>::Id(item);
  TypeParam body = this->Named("After");
  body.set_tooltip("tip");
  body.set_rank(7);
  auto ctx = TenantContext(this->tenant_);
  typename Api<TypeParam>::UpdateRequest req;
  req.set_id(id);
  *req.mutable_item() = body;
  TypeParam updated;
  ASSERT_TRUE(((*this->stub_).*Api<TypeParam>::kUpdate)(ctx.get(), req, &updated).ok());
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"2\"");
  EXPECT_EQ(Api<TypeParam>::Id(updated), id);
  EXPECT_EQ(updated.name(), "After");
  EXPECT_EQ(updated.tooltip(), "tip");
  EXPECT_EQ(updated.rank(), 7);
  EXPECT_EQ(updated.key(), "");  // PUT replaces: absent fields are reset
  EXPECT_EQ(updated.updated_by().name(), "tester@" + this->tenant_);
  EXPECT_GE(updated.updated_date().seconds(), item.updated_date().seconds());
}

TYPED_TEST(ListItemsTest, UpdateOfUnknownIdIsNotFound) {
  TypeParam out;
  EXPECT_EQ(this->Update(987654321, this->Named("x"), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

class ConsentPurposeTest : public ListItemsTest<v1::ConsentPurpose> {
 protected:
  std::unique_ptr<grpc::ClientContext> IfMatch(const std::string& etag) {
    auto ctx = TenantContext(tenant_);
    ctx->AddMetadata("if-match", etag);
    return ctx;
  }
};

// The sample PUT body of SuperOffice PUT ConsentPurpose (list items), as JSON.
constexpr char kPutConsentPurposeSample[] = R"({
  "ConsentPurposeId": 362,
  "Name": "Klocko, McClure and Kris",
  "ConsentText": "fugit",
  "FormText": "et",
  "Key": "ea",
  "Tooltip": "velit",
  "Active": 454,
  "UpdatedDate": "2006-07-05T17:54:08.8199285+02:00",
  "UpdatedBy": null,
  "Deleted": true,
  "Rank": 863,
  "PrivacyStatementDesc": "non",
  "PrivacyStatementUrl": "http://www.example.com/"
})";

TEST_F(ConsentPurposeTest, SamplePutBodyUpdatesEveryEditableField) {
  v1::ConsentPurpose item = MustCreate("Original");
  v1::ConsentPurpose body;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(kPutConsentPurposeSample, &body).ok());
  body.set_consent_purpose_id(
      item.consent_purpose_id());  // the path id; the sample's 362 is not ours
  v1::ConsentPurpose updated;
  grpc::Status s = Update(item.consent_purpose_id(), body, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.name(), "Klocko, McClure and Kris");
  EXPECT_EQ(updated.consent_text(), "fugit");
  EXPECT_EQ(updated.form_text(), "et");
  EXPECT_EQ(updated.key(), "ea");
  EXPECT_EQ(updated.tooltip(), "velit");
  EXPECT_EQ(updated.active(), 454);
  EXPECT_TRUE(updated.deleted());
  EXPECT_EQ(updated.rank(), 863);
  EXPECT_EQ(updated.privacy_statement_desc(), "non");
  EXPECT_EQ(updated.privacy_statement_url(), "http://www.example.com/");
  // Server-set, not the sample's 2006 date.
  EXPECT_GT(updated.updated_date().seconds(), 1700000000);
  EXPECT_EQ(updated.updated_by().name(), "tester@" + this->tenant_);
  v1::ConsentPurpose read;
  ASSERT_TRUE(Get(item.consent_purpose_id(), &read).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, updated));
}

// The sample of SuperOffice PUT ConsentPurpose (list items) carries an id in the body that is
// not the path's: the path id is the one saved, as a client replaying that sample expects.
TEST_F(ConsentPurposeTest, PathIdWinsOverTheBodyId) {
  v1::ConsentPurpose item = MustCreate("Path wins");
  v1::ConsentPurpose other = MustCreate("Untouched");
  v1::ConsentPurpose body = Named("Renamed");
  body.set_consent_purpose_id(other.consent_purpose_id());
  v1::ConsentPurpose out;
  ASSERT_TRUE(Update(item.consent_purpose_id(), body, &out).ok());
  EXPECT_EQ(out.consent_purpose_id(), item.consent_purpose_id());
  EXPECT_EQ(out.name(), "Renamed");
  v1::ConsentPurpose unchanged;
  ASSERT_TRUE(Get(other.consent_purpose_id(), &unchanged).ok());
  EXPECT_EQ(unchanged.name(), "Untouched");
}

TEST_F(ConsentPurposeTest, CreateIgnoresTheBodyId) {
  v1::ConsentPurpose body = Named("Fresh");
  body.set_consent_purpose_id(424242);
  v1::ConsentPurpose out;
  ASSERT_TRUE(Create(body, &out).ok());
  EXPECT_NE(out.consent_purpose_id(), 424242);
}

TEST_F(ConsentPurposeTest, EveryLimitIsAFieldViolationKeyedByJsonName) {
  v1::ConsentPurpose body;  // Name missing
  body.set_key(std::string(256, 'k'));
  body.set_tooltip(std::string(2001, 't'));
  body.set_consent_text(std::string(2001, 'c'));
  body.set_form_text(std::string(2001, 'f'));
  body.set_privacy_statement_desc(std::string(2001, 'p'));
  body.set_privacy_statement_url("ftp://example.com/");
  body.set_rank(-1);
  v1::ConsentPurpose out;
  grpc::Status s = Create(body, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(s),
            (std::vector<std::string>{"Name", "Key", "Tooltip", "ConsentText", "FormText",
                                      "PrivacyStatementDesc", "PrivacyStatementUrl", "Rank"}));
  EXPECT_TRUE(ListAllNames(10).empty());

  body = Named(std::string(256, 'n'));
  EXPECT_EQ(wire::ViolatedFields(Create(body, &out)), std::vector<std::string>{"Name"});
  body.set_privacy_statement_url("http://");
  body.set_name("ok");
  EXPECT_EQ(wire::ViolatedFields(Create(body, &out)),
            std::vector<std::string>{"PrivacyStatementUrl"});
}

TEST_F(ConsentPurposeTest, LimitsCountCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 255; ++i) name += "\xC3\xA9";  // U+00E9, two bytes each
  v1::ConsentPurpose body = Named(name);
  body.set_privacy_statement_url("https://example.com/privacy");
  body.set_key(std::string(255, 'k'));
  body.set_tooltip(std::string(2000, 't'));
  v1::ConsentPurpose out;
  grpc::Status s = Create(body, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.name(), name);
}

TEST_F(ConsentPurposeTest, InvalidUpdateChangesNothing) {
  v1::ConsentPurpose item = MustCreate("Stable");
  v1::ConsentPurpose out;
  for (const char* blank : {"", " \t "}) {  // whitespace is no name either
    EXPECT_EQ(wire::ViolatedFields(Update(item.consent_purpose_id(), Named(blank), &out)),
              std::vector<std::string>{"Name"})
        << "'" << blank << "'";
  }
  v1::ConsentPurpose read;
  ASSERT_TRUE(Get(item.consent_purpose_id(), &read).ok());
  EXPECT_EQ(read.name(), "Stable");
}

TEST_F(ConsentPurposeTest, IfMatchMismatchIsFailedPreconditionAndChangesNothing) {
  v1::ConsentPurpose item = MustCreate("Versioned");
  v1::UpdateConsentPurposeRequest update;
  update.set_id(item.consent_purpose_id());
  *update.mutable_item() = Named("Stale write");
  v1::ConsentPurpose out;
  EXPECT_EQ(stub_->UpdateConsentPurpose(IfMatch("\"2\"").get(), update, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::ListItemId id;
  id.set_id(item.consent_purpose_id());
  google::protobuf::Empty empty;
  EXPECT_EQ(stub_->DeleteConsentPurpose(IfMatch("\"2\"").get(), id, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::ConsentPurpose read;
  ASSERT_TRUE(Get(item.consent_purpose_id(), &read).ok());
  EXPECT_EQ(read.name(), "Versioned");
  EXPECT_FALSE(read.deleted());

  // The current ETag matches; the next one then does.
  auto ctx = IfMatch("\"1\"");
  ASSERT_TRUE(stub_->UpdateConsentPurpose(ctx.get(), update, &out).ok());
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"2\"");
  EXPECT_TRUE(stub_->DeleteConsentPurpose(IfMatch("\"2\"").get(), id, &empty).ok());
}

TEST_F(ConsentPurposeTest, GetAnswersTheCurrentEtag) {
  v1::ConsentPurpose item = MustCreate("Tagged");
  ASSERT_TRUE(Update(item.consent_purpose_id(), Named("Tagged 2"), &item).ok());
  v1::ListItemId req;
  req.set_id(item.consent_purpose_id());
  auto ctx = TenantContext(tenant_);
  v1::ConsentPurpose read;
  ASSERT_TRUE(stub_->GetConsentPurpose(ctx.get(), req, &read).ok());
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"2\"");
}

TEST_F(ConsentPurposeTest, NoCredentialIsRefused) {
  grpc::ClientContext ctx;
  v1::ConsentPurpose out;
  grpc::Status s = stub_->CreateConsentPurpose(&ctx, Named("x"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ConsentPurposeTest, ANegativePageSizeIsAFieldViolationAndAForeignTokenInvalid) {
  v1::ListListItemsRequest req;
  req.set_page_size(-1);
  v1::ListConsentPurposesResponse page;
  grpc::Status s = stub_->ListConsentPurposes(TenantContext(tenant_).get(), req, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire::ViolatedFields(s), (std::vector<std::string>{"pageSize"}));
  req.set_page_size(0);
  req.set_page_token("garbage!");
  s = stub_->ListConsentPurposes(TenantContext(tenant_).get(), req, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(wire::ViolatedFields(s).empty());  // a 400, not a 422: no field to fix
}

// PATCH (RFC 6902 arrays, RFC 7396 objects) through ApplyPatch under the row lock.
class ConsentPurposePatchTest : public ConsentPurposeTest {
 protected:
  grpc::Status Patch(int id, const std::string& json, v1::ConsentPurpose* out,
                     grpc::ClientContext* ctx = nullptr) {
    v1::PatchListItemRequest req;
    req.set_id(id);
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, req.mutable_patch()).ok())
        << json;
    auto own = TenantContext(tenant_);
    return stub_->PatchConsentPurpose(ctx ? ctx : own.get(), req, out);
  }

  v1::ConsentPurpose Read(int id) {
    v1::ConsentPurpose read;
    EXPECT_TRUE(Get(id, &read).ok());
    return read;
  }

  v1::ConsentPurpose MustCreateFull() {
    v1::ConsentPurpose body = Named("Original");
    body.set_key("#Process");
    body.set_tooltip("tip");
    v1::ConsentPurpose out;
    EXPECT_TRUE(Create(body, &out).ok());
    return out;
  }
};

TEST_F(ConsentPurposePatchTest, JsonPatchAddReplaceRemove) {
  v1::ConsentPurpose item = MustCreateFull();
  auto ctx = TenantContext(tenant_, kSampleActor);
  v1::ConsentPurpose patched;
  grpc::Status s = Patch(item.consent_purpose_id(),
                         R"([{"op":"replace","path":"/Name","value":"Renamed"},
                             {"op":"add","path":"/Rank","value":5},
                             {"op":"remove","path":"/Tooltip"}])",
                         &patched, ctx.get());
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(InitialMetadata(*ctx, "etag"), "\"2\"");
  EXPECT_EQ(patched.name(), "Renamed");
  EXPECT_EQ(patched.rank(), 5);
  EXPECT_EQ(patched.tooltip(), "");
  EXPECT_EQ(patched.key(), "#Process");  // untouched
  EXPECT_EQ(patched.updated_by().name(), "tje0");
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(Read(item.consent_purpose_id()), patched));
}

TEST_F(ConsentPurposePatchTest, MergePatchSetsAndClears) {
  v1::ConsentPurpose item = MustCreateFull();
  v1::ConsentPurpose patched;
  grpc::Status s =
      Patch(item.consent_purpose_id(), R"({"Key":"#Emarketing","Tooltip":null})", &patched);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(patched.key(), "#Emarketing");
  EXPECT_EQ(patched.tooltip(), "");
  EXPECT_EQ(patched.name(), "Original");
}

TEST_F(ConsentPurposePatchTest, FailedTestOperationIsAbortedAndChangesNothing) {
  v1::ConsentPurpose item = MustCreateFull();
  v1::ConsentPurpose out;
  grpc::Status s = Patch(item.consent_purpose_id(),
                         R"([{"op":"replace","path":"/Key","value":"#Changed"},
                             {"op":"test","path":"/Name","value":"Not the name"}])",
                         &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(Read(item.consent_purpose_id()), item));
  // A passing test lets the patch apply.
  ASSERT_TRUE(Patch(item.consent_purpose_id(),
                    R"([{"op":"test","path":"/Name","value":"Original"},
                        {"op":"replace","path":"/Key","value":"#Changed"}])",
                    &out)
                  .ok());
  EXPECT_EQ(out.key(), "#Changed");
}

TEST_F(ConsentPurposePatchTest, ReadOnlyFieldsCannotBePatched) {
  v1::ConsentPurpose item = MustCreateFull();
  v1::ConsentPurpose out;
  for (const std::string& field :
       {"ConsentPurposeId", "UpdatedDate", "UpdatedBy", "TableRight", "FieldProperties"}) {
    grpc::Status s =
        Patch(item.consent_purpose_id(), R"([{"op":"remove","path":"/)" + field + R"("}])", &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(wire::ViolatedFields(s), std::vector<std::string>{field});
  }
  grpc::Status s =
      Patch(item.consent_purpose_id(), R"({"UpdatedBy":{"AssociateId":1,"Name":"x"}})", &out);
  EXPECT_EQ(wire::ViolatedFields(s), std::vector<std::string>{"UpdatedBy"});
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(Read(item.consent_purpose_id()), item));
}

// The document a patch works on is the item as GET shows it, every FieldProperties value
// with its "FieldRight": null; testing it, or a read-only member as GET shows it, writes
// nothing.
TEST_F(ConsentPurposePatchTest, TheDocumentIsTheItemAsGetShowsIt) {
  v1::ConsentPurpose item = MustCreateFull();
  auto read = TenantContext(tenant_);
  v1::ConsentPurpose got;
  v1::ListItemId id;
  id.set_id(item.consent_purpose_id());
  ASSERT_TRUE(stub_->GetConsentPurpose(read.get(), id, &got).ok());
  const std::string get = protojson::ToApiJson(got, /*null_unset=*/true);
  for (const std::string& patch : {R"([{"op":"test","path":"","value":)" + get + "}]",
                                   std::string(R"([{"op":"test","path":"/FieldProperties/Name",
                         "value":{"FieldRight":null,"FieldType":"System.String","FieldLength":255}},
                        {"op":"test","path":"/TableRight",
                         "value":{"Mask":"Select, Insert, Update, Delete","Reason":""}}])")}) {
    auto ctx = TenantContext(tenant_);
    v1::ConsentPurpose out;
    grpc::Status s = Patch(item.consent_purpose_id(), patch, &out, ctx.get());
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(InitialMetadata(*ctx, "etag"), InitialMetadata(*read, "etag"));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(out, got));
  }
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(Read(item.consent_purpose_id()), got));
}

TEST_F(ConsentPurposePatchTest, PatchedItemIsValidatedAndMalformedPatchesRejected) {
  v1::ConsentPurpose item = MustCreateFull();
  v1::ConsentPurpose out;
  grpc::Status s = Patch(item.consent_purpose_id(),
                         R"([{"op":"replace","path":"/Name","value":""},
                             {"op":"replace","path":"/Rank","value":-3}])",
                         &out);
  EXPECT_EQ(wire::ViolatedFields(s), (std::vector<std::string>{"Name", "Rank"}));
  s = Patch(item.consent_purpose_id(), R"([{"op":"replace","path":"/NoSuchField","value":1}])",
            &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  s = Patch(item.consent_purpose_id(), R"([{"op":"frobnicate","path":"/Name"}])", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(Read(item.consent_purpose_id()), item));
}

TEST_F(ConsentPurposePatchTest, IfMatchUnknownIdAndOtherTenant) {
  v1::ConsentPurpose item = MustCreateFull();
  const std::string rename = R"([{"op":"replace","path":"/Name","value":"Renamed"}])";
  v1::ConsentPurpose out;
  EXPECT_EQ(Patch(item.consent_purpose_id(), rename, &out, IfMatch("\"7\"").get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Patch(987654321, rename, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  auto other = TenantContext(UniqueTenant());
  EXPECT_EQ(Patch(item.consent_purpose_id(), rename, &out, other.get()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(Read(item.consent_purpose_id()), item));
  EXPECT_TRUE(Patch(item.consent_purpose_id(), rename, &out, IfMatch("\"1\"").get()).ok());
}

// 20 concurrent patches, each replacing one of ten fields (two writers per field). Each
// patch is read-modify-write of the whole row, so without the row lock a patch would write
// back stale values of fields other patches had just changed, and some field would end up
// at its original value.
TEST_F(ConsentPurposePatchTest, ConcurrentPatchesNeverLoseAnUpdate) {
  v1::ConsentPurpose item = MustCreateFull();
  const std::vector<std::string> fields = {"Name",
                                           "Key",
                                           "Tooltip",
                                           "ConsentText",
                                           "FormText",
                                           "PrivacyStatementDesc",
                                           "PrivacyStatementUrl",
                                           "Active",
                                           "Rank",
                                           "Deleted"};
  auto value_for = [&](int writer) -> std::string {
    const std::string& field = fields[writer % fields.size()];
    if (field == "Active" || field == "Rank") return std::to_string(100 + writer);
    if (field == "Deleted") return "true";
    if (field == "PrivacyStatementUrl")
      return "\"https://example.com/" + std::to_string(writer) + "\"";
    return "\"w" + std::to_string(writer) + "\"";
  };
  constexpr int kWriters = 20;
  std::vector<grpc::Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      v1::ConsentPurpose out;
      results[i] = Patch(item.consent_purpose_id(),
                         R"([{"op":"replace","path":"/)" + fields[i % fields.size()] +
                             R"(","value":)" + value_for(i) + "}]",
                         &out);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.error_message();

  v1::ListItemId req;
  req.set_id(item.consent_purpose_id());
  auto ctx = TenantContext(tenant_);
  v1::ConsentPurpose final_item;
  ASSERT_TRUE(stub_->GetConsentPurpose(ctx.get(), req, &final_item).ok());
  // Every patch that changed something made a version; of those setting Deleted (all to
  // true) only the first did.
  int deleted_writers = 0;
  for (int i = 0; i < kWriters; ++i) deleted_writers += fields[i % fields.size()] == "Deleted";
  EXPECT_EQ(InitialMetadata(*ctx, "etag"),
            "\"" + std::to_string(1 + kWriters - std::max(0, deleted_writers - 1)) + "\"");
  google::protobuf::Struct json;
  std::string printed;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(final_item, &printed, options).ok());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(printed, &json).ok());
  for (size_t f = 0; f < fields.size(); ++f) {
    std::string actual;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(json.fields().at(fields[f]), &actual).ok());
    EXPECT_TRUE(actual == value_for(f) || actual == value_for(f + fields.size()))
        << fields[f] << " lost its update: " << actual;
  }
}

TEST(ConsentSourceFields, MailTemplateIdRoundTrips) {
  auto stub = v1::ListService::NewStub(SharedServer().Channel());
  std::string tenant = UniqueTenant();
  v1::ConsentSource body;
  body.set_name("Web form");
  body.set_mail_template_id(17);
  v1::ConsentSource created, read;
  ASSERT_TRUE(stub->CreateConsentSource(TenantContext(tenant).get(), body, &created).ok());
  v1::ListItemId req;
  req.set_id(created.consent_source_id());
  ASSERT_TRUE(stub->GetConsentSource(TenantContext(tenant).get(), req, &read).ok());
  EXPECT_EQ(read.mail_template_id(), 17);
  EXPECT_EQ(read.field_properties().at("MailTemplateId").field_type(), "System.Int32");
}

}  // namespace
}  // namespace consent
