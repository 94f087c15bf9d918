#include "client/lib/consent_client/client.h"

#include <future>
#include <vector>

#include <absl/random/distributions.h>
#include <absl/random/random.h>
#include <absl/strings/escaping.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_format.h>
#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>

#include "lib/wire/metadata.h"
#include "lib/wire/request_id.h"
#include "lib/wire/status_details.h"

namespace consent {
namespace {

constexpr Idempotency kIdempotent = Idempotency::kIdempotent;
constexpr Idempotency kNotIdempotent = Idempotency::kNotIdempotent;

std::shared_ptr<grpc::Channel> OwnConnection(const std::string& address, const ClientTls& tls) {
  grpc::ChannelArguments args;
  // One connection per Client, and gRPC's own retries off: this class's policy is the only one.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  if (!tls.enabled) {
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  }
  if (!tls.server_name.empty()) args.SetSslTargetNameOverride(tls.server_name);
  grpc::SslCredentialsOptions ssl{.pem_root_certs = tls.root_certs,
                                  .pem_private_key = tls.private_key,
                                  .pem_cert_chain = tls.cert_chain};
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), args);
}

// One generator per thread: no lock on the call path.
absl::BitGenRef Random() {
  thread_local absl::BitGen generator;
  return generator;
}

// grpc.health.v1 messages on the wire: HealthCheckRequest{string service = 1} and
// HealthCheckResponse{ServingStatus status = 1}, SERVING = 1.
grpc::ByteBuffer HealthCheckRequest(const std::string& service) {
  google::protobuf::UnknownFieldSet fields;
  if (!service.empty()) fields.AddLengthDelimited(1, service);
  std::string bytes;
  fields.SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool IsServing(const grpc::ByteBuffer& response) {
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) return false;
  bool serving = false;
  for (int i = 0; i < fields.field_count(); ++i) {
    const auto& f = fields.field(i);
    if (f.number() == 1 && f.type() == google::protobuf::UnknownField::TYPE_VARINT)
      serving = f.varint() == 1;
  }
  return serving;
}

}  // namespace

Client::Client(ClientOptions options)
    : options_(std::move(options)),
      channel_(options_.channel ? options_.channel : OwnConnection(options_.address, options_.tls)),
      persons_(v1::PersonService::NewStub(channel_)),
      lists_(v1::ListService::NewStub(channel_)),
      consent_persons_(v1::ConsentPersonService::NewStub(channel_)),
      consent_types_(v1::ConsentTypeService::NewStub(channel_)),
      api_users_(v1::ApiUserService::NewStub(channel_)) {}

void Client::Prepare(grpc::ClientContext& ctx, const CallOptions& call) const {
  if (!options_.tenant.empty()) ctx.AddMetadata(wire::kCustomerId, options_.tenant);
  if (!options_.token.empty()) {
    ctx.AddMetadata(wire::kAuthorization, absl::StrCat("Bearer ", options_.token));
  } else if (!options_.basic.empty()) {
    ctx.AddMetadata(wire::kAuthorization,
                    absl::StrCat("Basic ", absl::Base64Escape(options_.basic)));
  }
  ctx.AddMetadata(wire::kRequestId,
                  call.request_id.empty() ? wire::NewRequestId() : call.request_id);
  ctx.set_deadline(
      absl::ToChronoTime(absl::Now() + call.timeout.value_or(options_.default_timeout)));
}

template <typename Response, typename Attempt>
absl::StatusOr<Response> Client::WithRetries(Attempt attempt, Idempotency idempotency,
                                             const CallOptions& call) {
  // One deadline and one request id for the whole call: later attempts get what is left of it.
  const absl::Time deadline = absl::Now() + call.timeout.value_or(options_.default_timeout);
  const std::string request_id = call.request_id.empty() ? wire::NewRequestId() : call.request_id;
  for (int n = 1;; ++n) {
    grpc::ClientContext ctx;
    Prepare(ctx, CallOptions{deadline - absl::Now(), request_id});
    Response response;
    grpc::Status status = attempt(&ctx, &response);
    if (status.ok()) return response;
    if (n >= options_.retry.max_attempts || !ShouldRetry(status.error_code(), idempotency)) {
      return wire::FromGrpcStatus(status);
    }
    const absl::Duration delay = BackoffDelay(options_.retry, n, Random());
    if (absl::Now() + delay >= deadline) return wire::FromGrpcStatus(status);
    absl::SleepFor(delay);
  }
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Client::Unary(
    Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request, Idempotency idempotency, const CallOptions& call) {
  return WithRetries<Response>(
      [&](grpc::ClientContext* ctx, Response* response) {
        return (stub.*method)(ctx, request, response);
      },
      idempotency, call);
}

template <typename Request>
Request Client::WithClientId(const Request& request) const {
  Request out = request;
  if (out.client_id().empty()) out.set_client_id(options_.tenant);
  return out;
}

template <typename Request>
Request Client::WithRequestId(const Request& request) {
  Request out = request;
  if (out.request_id().empty()) out.set_request_id(wire::NewRequestId());
  return out;
}

absl::Status Client::CheckHealth(const std::string& service, const CallOptions& call) {
  grpc::GenericStub stub(channel_);
  const grpc::ByteBuffer request = HealthCheckRequest(service);
  auto response = WithRetries<grpc::ByteBuffer>(
      [&](grpc::ClientContext* ctx, grpc::ByteBuffer* out) {
        std::promise<grpc::Status> done;
        stub.UnaryCall(ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, out,
                       [&done](grpc::Status s) { done.set_value(std::move(s)); });
        return done.get_future().get();
      },
      kIdempotent, call);
  if (!response.ok()) return response.status();
  if (!IsServing(*response))
    return absl::UnavailableError(absl::StrCat("not serving: '", service, "'"));
  return absl::OkStatus();
}

using PersonStub = v1::PersonService::Stub;
using ListStub = v1::ListService::Stub;
using ConsentPersonStub = v1::ConsentPersonService::Stub;
using ConsentTypeStub = v1::ConsentTypeService::Stub;
using ApiUserStub = v1::ApiUserService::Stub;
using Empty = Client::Empty;

absl::StatusOr<v1::Person> Client::CreatePerson(const v1::CreatePersonRequest& r,
                                                const CallOptions& c) {
  return Unary(*persons_, &PersonStub::CreatePerson, WithRequestId(r), kIdempotent, c);
}
absl::StatusOr<v1::Person> Client::GetPerson(const v1::GetPersonRequest& r, const CallOptions& c) {
  return Unary(*persons_, &PersonStub::GetPerson, r, kIdempotent, c);
}
absl::StatusOr<Empty> Client::DeletePerson(const v1::DeletePersonRequest& r, const CallOptions& c) {
  return Unary(*persons_, &PersonStub::DeletePerson, r, kIdempotent, c);
}
absl::StatusOr<v1::ListPersonsResponse> Client::ListPersons(const v1::ListPersonsRequest& r,
                                                            const CallOptions& c) {
  return Unary(*persons_, &PersonStub::ListPersons, r, kIdempotent, c);
}
absl::StatusOr<Empty> Client::SetPersonConsent(const v1::SetPersonConsentRequest& r,
                                               const CallOptions& c) {
  return Unary(*persons_, &PersonStub::SetPersonConsent, WithRequestId(r), kIdempotent, c);
}
absl::StatusOr<v1::PersonDataConsent> Client::GetPersonConsent(const v1::GetPersonConsentRequest& r,
                                                               const CallOptions& c) {
  return Unary(*persons_, &PersonStub::GetPersonConsent, r, kIdempotent, c);
}
absl::StatusOr<v1::ListConsentHistoryResponse> Client::ListConsentHistory(
    const v1::ListConsentHistoryRequest& r, const CallOptions& c) {
  return Unary(*persons_, &PersonStub::ListConsentHistory, r, kIdempotent, c);
}

absl::StatusOr<v1::ConsentPurpose> Client::CreateConsentPurpose(const v1::ConsentPurpose& r,
                                                                const CallOptions& c) {
  return Unary(*lists_, &ListStub::CreateConsentPurpose, r, kNotIdempotent, c);
}
absl::StatusOr<v1::ConsentPurpose> Client::GetConsentPurpose(const v1::ListItemId& r,
                                                             const CallOptions& c) {
  return Unary(*lists_, &ListStub::GetConsentPurpose, r, kIdempotent, c);
}
absl::StatusOr<v1::ConsentPurpose> Client::UpdateConsentPurpose(
    const v1::UpdateConsentPurposeRequest& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::UpdateConsentPurpose, r, kIdempotent, c);
}
absl::StatusOr<v1::ConsentPurpose> Client::PatchConsentPurpose(const v1::PatchListItemRequest& r,
                                                               const CallOptions& c) {
  return Unary(*lists_, &ListStub::PatchConsentPurpose, r, kNotIdempotent, c);
}
absl::StatusOr<Empty> Client::DeleteConsentPurpose(const v1::ListItemId& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::DeleteConsentPurpose, r, kIdempotent, c);
}
absl::StatusOr<v1::ListConsentPurposesResponse> Client::ListConsentPurposes(
    const v1::ListListItemsRequest& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::ListConsentPurposes, r, kIdempotent, c);
}
absl::StatusOr<v1::ConsentSource> Client::CreateConsentSource(const v1::ConsentSource& r,
                                                              const CallOptions& c) {
  return Unary(*lists_, &ListStub::CreateConsentSource, r, kNotIdempotent, c);
}
absl::StatusOr<v1::ConsentSource> Client::GetConsentSource(const v1::ListItemId& r,
                                                           const CallOptions& c) {
  return Unary(*lists_, &ListStub::GetConsentSource, r, kIdempotent, c);
}
absl::StatusOr<v1::ConsentSource> Client::UpdateConsentSource(
    const v1::UpdateConsentSourceRequest& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::UpdateConsentSource, r, kIdempotent, c);
}
absl::StatusOr<v1::ConsentSource> Client::PatchConsentSource(const v1::PatchListItemRequest& r,
                                                             const CallOptions& c) {
  return Unary(*lists_, &ListStub::PatchConsentSource, r, kNotIdempotent, c);
}
absl::StatusOr<Empty> Client::DeleteConsentSource(const v1::ListItemId& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::DeleteConsentSource, r, kIdempotent, c);
}
absl::StatusOr<v1::ListConsentSourcesResponse> Client::ListConsentSources(
    const v1::ListListItemsRequest& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::ListConsentSources, r, kIdempotent, c);
}
absl::StatusOr<v1::LegalBase> Client::CreateLegalBase(const v1::LegalBase& r,
                                                      const CallOptions& c) {
  return Unary(*lists_, &ListStub::CreateLegalBase, r, kNotIdempotent, c);
}
absl::StatusOr<v1::LegalBase> Client::GetLegalBase(const v1::ListItemId& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::GetLegalBase, r, kIdempotent, c);
}
absl::StatusOr<v1::LegalBase> Client::UpdateLegalBase(const v1::UpdateLegalBaseRequest& r,
                                                      const CallOptions& c) {
  return Unary(*lists_, &ListStub::UpdateLegalBase, r, kIdempotent, c);
}
absl::StatusOr<v1::LegalBase> Client::PatchLegalBase(const v1::PatchListItemRequest& r,
                                                     const CallOptions& c) {
  return Unary(*lists_, &ListStub::PatchLegalBase, r, kNotIdempotent, c);
}
absl::StatusOr<Empty> Client::DeleteLegalBase(const v1::ListItemId& r, const CallOptions& c) {
  return Unary(*lists_, &ListStub::DeleteLegalBase, r, kIdempotent, c);
}
absl::StatusOr<v1::ListLegalBasesResponse> Client::ListLegalBases(const v1::ListListItemsRequest& r,
                                                                  const CallOptions& c) {
  return Unary(*lists_, &ListStub::ListLegalBases, r, kIdempotent, c);
}

absl::StatusOr<v1::ConsentPerson> Client::SaveConsentPerson(const v1::SaveConsentPersonRequest& r,
                                                            const CallOptions& c) {
  return Unary(*consent_persons_, &ConsentPersonStub::SaveConsentPerson, WithRequestId(r),
               kIdempotent, c);
}
absl::StatusOr<v1::ConsentPerson> Client::GetConsentPerson(const v1::GetConsentPersonRequest& r,
                                                           const CallOptions& c) {
  return Unary(*consent_persons_, &ConsentPersonStub::GetConsentPerson, r, kIdempotent, c);
}

absl::StatusOr<v1::ConsentTypeEntryList> Client::CreateConsentTypes(
    const v1::CreateConsentTypesRequest& r, const CallOptions& c) {
  return Unary(*consent_types_, &ConsentTypeStub::CreateConsentTypes, WithClientId(r),
               kNotIdempotent, c);
}
absl::StatusOr<v1::ConsentTypeEntryList> Client::ListConsentTypes(
    const v1::ListConsentTypesRequest& r, const CallOptions& c) {
  return Unary(*consent_types_, &ConsentTypeStub::ListConsentTypes, WithClientId(r), kIdempotent,
               c);
}
absl::StatusOr<v1::ConsentTypeEntry> Client::GetConsentType(const v1::GetConsentTypeRequest& r,
                                                            const CallOptions& c) {
  return Unary(*consent_types_, &ConsentTypeStub::GetConsentType, WithClientId(r), kIdempotent, c);
}
absl::StatusOr<v1::ConsentTypeEntry> Client::PatchConsentType(const v1::PatchConsentTypeRequest& r,
                                                              const CallOptions& c) {
  return Unary(*consent_types_, &ConsentTypeStub::PatchConsentType, WithClientId(r), kNotIdempotent,
               c);
}

absl::StatusOr<v1::ApiUserCredentials> Client::CreateApiUser(const v1::CreateApiUserRequest& r,
                                                             const CallOptions& c) {
  return Unary(*api_users_, &ApiUserStub::CreateApiUser, r, kNotIdempotent, c);
}
absl::StatusOr<v1::ApiUserCredentials> Client::RotateApiUserPassword(
    const v1::RotateApiUserPasswordRequest& r, const CallOptions& c) {
  return Unary(*api_users_, &ApiUserStub::RotateApiUserPassword, r, kNotIdempotent, c);
}
absl::StatusOr<Empty> Client::DeleteApiUser(const v1::DeleteApiUserRequest& r,
                                            const CallOptions& c) {
  return Unary(*api_users_, &ApiUserStub::DeleteApiUser, r, kIdempotent, c);
}
absl::StatusOr<v1::ListApiUsersResponse> Client::ListApiUsers(const v1::ListApiUsersRequest& r,
                                                              const CallOptions& c) {
  return Unary(*api_users_, &ApiUserStub::ListApiUsers, r, kIdempotent, c);
}

}  // namespace consent
