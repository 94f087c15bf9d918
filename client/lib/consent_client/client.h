#pragma once
// consent::Client: one connection to consent-server. The tenant and token given once, and a
// request id per call, are sent as metadata on every call; each call has a deadline (retries
// included) and is retried with exponential backoff and jitter on UNAVAILABLE only when it is
// idempotent (see retry.h). CreatePerson, SetPersonConsent and SaveConsentPerson get a generated
// request id (their idempotency key) when they have none, so they are retried safely. Errors
// keep the server's field violations (see status.h).
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <google/protobuf/empty.pb.h>
#include <grpcpp/client_context.h>

#include "client/lib/consent_client/options.h"
#include "client/lib/consent_client/retry.h"
#include "proto/consent/v1/api_users.grpc.pb.h"
#include "proto/consent/v1/consent_persons.grpc.pb.h"
#include "proto/consent/v1/consent_types.grpc.pb.h"
#include "proto/consent/v1/list_items.grpc.pb.h"
#include "proto/consent/v1/persons.grpc.pb.h"

namespace consent {

class Client {
 public:
  explicit Client(ClientOptions options);

  // The connection and per-call setup, for callers that drive the generated async stubs
  // themselves (consent-loadgen): metadata (x-request-id included) and a deadline on `ctx`.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  void Prepare(grpc::ClientContext& ctx, const CallOptions& call = {}) const;

  // grpc.health.v1.Health/Check; OK when `service` ("" = the whole server) is SERVING.
  absl::Status CheckHealth(const std::string& service = "", const CallOptions& call = {});

  using Empty = google::protobuf::Empty;

  // PersonService (tenant: ClientOptions::tenant).
  absl::StatusOr<v1::Person> CreatePerson(const v1::CreatePersonRequest& r,
                                          const CallOptions& c = {});
  absl::StatusOr<v1::Person> GetPerson(const v1::GetPersonRequest& r, const CallOptions& c = {});
  absl::StatusOr<Empty> DeletePerson(const v1::DeletePersonRequest& r, const CallOptions& c = {});
  absl::StatusOr<v1::ListPersonsResponse> ListPersons(const v1::ListPersonsRequest& r,
                                                      const CallOptions& c = {});
  absl::StatusOr<Empty> SetPersonConsent(const v1::SetPersonConsentRequest& r,
                                         const CallOptions& c = {});
  absl::StatusOr<v1::PersonDataConsent> GetPersonConsent(const v1::GetPersonConsentRequest& r,
                                                         const CallOptions& c = {});
  absl::StatusOr<v1::ListConsentHistoryResponse> ListConsentHistory(
      const v1::ListConsentHistoryRequest& r, const CallOptions& c = {});

  // ListService.
  absl::StatusOr<v1::ConsentPurpose> CreateConsentPurpose(const v1::ConsentPurpose& r,
                                                          const CallOptions& c = {});
  absl::StatusOr<v1::ConsentPurpose> GetConsentPurpose(const v1::ListItemId& r,
                                                       const CallOptions& c = {});
  absl::StatusOr<v1::ConsentPurpose> UpdateConsentPurpose(const v1::UpdateConsentPurposeRequest& r,
                                                          const CallOptions& c = {});
  absl::StatusOr<v1::ConsentPurpose> PatchConsentPurpose(const v1::PatchListItemRequest& r,
                                                         const CallOptions& c = {});
  absl::StatusOr<Empty> DeleteConsentPurpose(const v1::ListItemId& r, const CallOptions& c = {});
  absl::StatusOr<v1::ListConsentPurposesResponse> ListConsentPurposes(
      const v1::ListListItemsRequest& r, const CallOptions& c = {});
  absl::StatusOr<v1::ConsentSource> CreateConsentSource(const v1::ConsentSource& r,
                                                        const CallOptions& c = {});
  absl::StatusOr<v1::ConsentSource> GetConsentSource(const v1::ListItemId& r,
                                                     const CallOptions& c = {});
  absl::StatusOr<v1::ConsentSource> UpdateConsentSource(const v1::UpdateConsentSourceRequest& r,
                                                        const CallOptions& c = {});
  absl::StatusOr<v1::ConsentSource> PatchConsentSource(const v1::PatchListItemRequest& r,
                                                       const CallOptions& c = {});
  absl::StatusOr<Empty> DeleteConsentSource(const v1::ListItemId& r, const CallOptions& c = {});
  absl::StatusOr<v1::ListConsentSourcesResponse> ListConsentSources(
      const v1::ListListItemsRequest& r, const CallOptions& c = {});
  absl::StatusOr<v1::LegalBase> CreateLegalBase(const v1::LegalBase& r, const CallOptions& c = {});
  absl::StatusOr<v1::LegalBase> GetLegalBase(const v1::ListItemId& r, const CallOptions& c = {});
  absl::StatusOr<v1::LegalBase> UpdateLegalBase(const v1::UpdateLegalBaseRequest& r,
                                                const CallOptions& c = {});
  absl::StatusOr<v1::LegalBase> PatchLegalBase(const v1::PatchListItemRequest& r,
                                               const CallOptions& c = {});
  absl::StatusOr<Empty> DeleteLegalBase(const v1::ListItemId& r, const CallOptions& c = {});
  absl::StatusOr<v1::ListLegalBasesResponse> ListLegalBases(const v1::ListListItemsRequest& r,
                                                            const CallOptions& c = {});

  // ConsentPersonService.
  absl::StatusOr<v1::ConsentPerson> SaveConsentPerson(const v1::SaveConsentPersonRequest& r,
                                                      const CallOptions& c = {});
  absl::StatusOr<v1::ConsentPerson> GetConsentPerson(const v1::GetConsentPersonRequest& r,
                                                     const CallOptions& c = {});

  // ConsentTypeService. The tenant is the request's client_id; an empty one is filled with
  // ClientOptions::tenant.
  absl::StatusOr<v1::ConsentTypeEntryList> CreateConsentTypes(
      const v1::CreateConsentTypesRequest& r, const CallOptions& c = {});
  absl::StatusOr<v1::ConsentTypeEntryList> ListConsentTypes(const v1::ListConsentTypesRequest& r,
                                                            const CallOptions& c = {});
  absl::StatusOr<v1::ConsentTypeEntry> GetConsentType(const v1::GetConsentTypeRequest& r,
                                                      const CallOptions& c = {});
  absl::StatusOr<v1::ConsentTypeEntry> PatchConsentType(const v1::PatchConsentTypeRequest& r,
                                                        const CallOptions& c = {});

  // ApiUserService (tenant: ClientOptions::tenant). Create and rotate are not retried: each
  // makes a new password.
  absl::StatusOr<v1::ApiUserCredentials> CreateApiUser(const v1::CreateApiUserRequest& r,
                                                       const CallOptions& c = {});
  absl::StatusOr<v1::ApiUserCredentials> RotateApiUserPassword(
      const v1::RotateApiUserPasswordRequest& r, const CallOptions& c = {});
  absl::StatusOr<Empty> DeleteApiUser(const v1::DeleteApiUserRequest& r, const CallOptions& c = {});
  absl::StatusOr<v1::ListApiUsersResponse> ListApiUsers(const v1::ListApiUsersRequest& r,
                                                        const CallOptions& c = {});

 private:
  // The one call helper behind every method above (defined in client.cc).
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Unary(
      Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      const Request& request, Idempotency idempotency, const CallOptions& call);
  template <typename Response, typename Attempt>
  absl::StatusOr<Response> WithRetries(Attempt attempt, Idempotency idempotency,
                                       const CallOptions& call);
  template <typename Request>
  Request WithClientId(const Request& request) const;
  // The request with a new request id (its idempotency key) unless it has one.
  template <typename Request>
  static Request WithRequestId(const Request& request);

  ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PersonService::Stub> persons_;
  std::unique_ptr<v1::ListService::Stub> lists_;
  std::unique_ptr<v1::ConsentPersonService::Stub> consent_persons_;
  std::unique_ptr<v1::ConsentTypeService::Stub> consent_types_;
  std::unique_ptr<v1::ApiUserService::Stub> api_users_;
};

}  // namespace consent
