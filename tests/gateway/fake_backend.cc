#include "tests/gateway/fake_backend.h"

#include <google/protobuf/util/json_util.h>
#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>

#include "proto/consent/v1/consent_types.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"

namespace consent::gateway::testing {

using grpc::ServerContext;
using grpc::Status;
using grpc::StatusCode;
namespace v1 = consent::v1;

class FakeBackend::Services final : public v1::PersonService::Service,
                                    public v1::ConsentTypeService::Service {
 public:
  std::multimap<std::string, std::string> last_metadata() {
    std::lock_guard lock(mutex_);
    return metadata_;
  }

  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

  void AwaitBlockedCall() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return blocked_; });
  }

  Status GetPerson(ServerContext* context, const v1::GetPersonRequest* request,
                   v1::Person* person) override {
    Record(context);
    if (request->person_id() != 1) return Status(StatusCode::NOT_FOUND, "person not found");
    context->AddInitialMetadata("etag", "\"v7\"");
    person->set_person_id(1);
    person->set_first_name("Ada");
    return Status::OK;
  }

  Status CreatePerson(ServerContext* context, const v1::CreatePersonRequest* request,
                      v1::Person* person) override {
    Record(context);
    *person = request->person();
    person->set_person_id(42);
    context->AddInitialMetadata("x-http-status", "201");
    context->AddInitialMetadata("location", "/v1/persons/42");
    return Status::OK;
  }

  Status DeletePerson(ServerContext* context, const v1::DeletePersonRequest*,
                      google::protobuf::Empty*) override {
    Record(context);
    return Status::OK;
  }

  // pageSize -1 blocks (see FakeBackend::Release); pageToken "code:N" fails with status N.
  Status ListPersons(ServerContext* context, const v1::ListPersonsRequest* request,
                     v1::ListPersonsResponse* response) override {
    Record(context);
    if (request->page_size() == -1) {
      std::unique_lock lock(mutex_);
      blocked_ = true;
      changed_.notify_all();
      changed_.wait(lock, [this] { return released_; });
    }
    if (request->page_token().rfind("code:", 0) == 0) {
      return Status(static_cast<StatusCode>(std::stoi(request->page_token().substr(5))),
                    "backend says " + request->page_token());
    }
    if (request->page_token().rfind("persons:", 0) == 0) {
      for (int i = std::stoi(request->page_token().substr(8)); i > 0; --i) response->add_persons();
      return Status::OK;
    }
    response->add_persons()->set_person_id(request->page_size());
    response->set_next_page_token(request->page_token());
    return Status::OK;
  }

  // A status is required: a BadRequest field violation like the real server sends.
  Status SetPersonConsent(ServerContext* context, const v1::SetPersonConsentRequest* request,
                          google::protobuf::Empty*) override {
    Record(context);
    if (request->consent().status() != v1::CONSENT_STATUS_UNSPECIFIED) return Status::OK;
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field("status");
    violation->set_description("is required");
    google::rpc::Status details;
    details.set_code(StatusCode::INVALID_ARGUMENT);
    details.set_message("invalid consent");
    details.add_details()->PackFrom(bad_request);
    return Status(StatusCode::INVALID_ARGUMENT, details.message(), details.SerializeAsString());
  }

  Status ListConsentHistory(ServerContext* context, const v1::ListConsentHistoryRequest* request,
                            v1::ListConsentHistoryResponse* response) override {
    Record(context);
    auto* entry = response->add_entries();
    entry->set_person_id(request->person_id());
    entry->mutable_consent_person()->set_comment("c");
    return Status::OK;
  }

  // Echoes the patch document as the TypeName, so tests see what arrived.
  Status PatchConsentType(ServerContext* context, const v1::PatchConsentTypeRequest* request,
                          v1::ConsentTypeEntry* entry) override {
    Record(context);
    entry->set_type_id(request->type_id());
    google::protobuf::util::MessageToJsonString(request->patch(), entry->mutable_type_name());
    return Status::OK;
  }

 private:
  void Record(ServerContext* context) {
    std::lock_guard lock(mutex_);
    metadata_.clear();
    for (const auto& [key, value] : context->client_metadata()) {
      metadata_.emplace(std::string(key.data(), key.size()),
                        std::string(value.data(), value.size()));
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::string, std::string> metadata_;
  bool blocked_ = false;
  bool released_ = false;
};

FakeBackend::FakeBackend() : services_(std::make_unique<Services>()) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(static_cast<v1::PersonService::Service*>(services_.get()));
  builder.RegisterService(static_cast<v1::ConsentTypeService::Service*>(services_.get()));
  server_ = builder.BuildAndStart();
  address_ = "127.0.0.1:" + std::to_string(port);
}

FakeBackend::~FakeBackend() {
  services_->Release();
  server_->Shutdown();
}

std::multimap<std::string, std::string> FakeBackend::last_metadata() {
  return services_->last_metadata();
}
void FakeBackend::Release() { services_->Release(); }
void FakeBackend::AwaitBlockedCall() { services_->AwaitBlockedCall(); }

}  // namespace consent::gateway::testing
