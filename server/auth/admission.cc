#include "server/auth/admission.h"

#include <cmath>

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_format.h>

#include "lib/wire/metadata.h"
#include "server/auth/peer_identity.h"

namespace consent::auth {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kBearerRealm[] = "Bearer realm=\"consent\"";
constexpr char kBasicRealm[] = "Basic realm=\"consent\"";
constexpr char kHealthService[] = "/grpc.health.v1.Health/";

consent::Admission Refuse(absl::Status status, std::vector<std::string> challenges) {
  consent::Admission refused{std::move(status), {}};
  for (std::string& challenge : challenges) {
    refused.trailing_metadata.emplace_back(wire::kWwwAuthenticate, std::move(challenge));
  }
  return refused;
}

class AdmissionInterceptor : public grpc::experimental::Interceptor {
 public:
  AdmissionInterceptor(grpc::experimental::ServerRpcInfo* info, const Admission& admission)
      : info_(info), admission_(admission) {}
  ~AdmissionInterceptor() override { CallerRegistry::Instance().Erase(info_->server_context()); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      absl::string_view authorization;
      for (const auto& [key, value] : *methods->GetRecvInitialMetadata()) {
        if (key == wire::kAuthorization)
          authorization = absl::string_view(value.data(), value.size());
      }
      consent::Admission decided = admission_.Decide(info_->method(), authorization, absl::Now());
      // The token decides; a verified client certificate (mTLS) adds who is connected.
      if (decided.caller.ok()) {
        decided.caller->peer = PeerIdentity(*info_->server_context()->auth_context());
      }
      CallerRegistry::Instance().Put(info_->server_context(), std::move(decided));
    }
    if (admission_.insecure() &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        absl::StartsWith(info_->method(), kHealthService)) {
      methods->GetSendInitialMetadata()->emplace(wire::kAuthenticationOff, "true");
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* const info_;
  const Admission& admission_;
};

class AdmissionFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AdmissionFactory(const Admission& admission) : admission_(admission) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AdmissionInterceptor(info, admission_);
  }

 private:
  const Admission& admission_;
};

}  // namespace

Admission::Admission(const AuthConfig& config, AccessPolicy policy, TokenVerifier* verifier,
                     BasicVerifier* basic, TenantQuota::Limits quota)
    : config_(config),
      policy_(std::move(policy)),
      verifier_(verifier),
      basic_(basic),
      quota_(quota) {}

std::vector<std::string> Admission::Challenges() const {
  if (basic_ == nullptr) return {kBearerRealm};
  return {kBearerRealm, kBasicRealm};
}

consent::Admission Admission::Decide(const std::string& method_path,
                                     absl::string_view authorization, absl::Time now) const {
  const v1::Access& access = policy_.For(method_path);
  if (access.public_() || config_.insecure_no_auth) return {Caller{}, {}};
  const bool basic = basic_ != nullptr && absl::StartsWithIgnoreCase(authorization, "basic ");
  if (authorization.empty()) {
    return Refuse(absl::UnauthenticatedError(basic_ == nullptr
                                                 ? "credentials are required: send a bearer token"
                                                 : "credentials are required: send a bearer "
                                                   "token or an API user's Basic credentials"),
                  Challenges());
  }
  if (!basic && !absl::StartsWithIgnoreCase(authorization, "bearer ")) {
    return Refuse(absl::UnauthenticatedError(basic_ == nullptr
                                                 ? "unsupported authorization scheme: use Bearer"
                                                 : "unsupported authorization scheme: use Bearer"
                                                   " or Basic"),
                  Challenges());
  }
  absl::StatusOr<IdentityRef> verified = basic ? basic_->Verify(authorization.substr(6), now)
                                               : verifier_->Verify(authorization.substr(7), now);
  if (!verified.ok()) {
    if (verified.status().code() == absl::StatusCode::kUnavailable) {
      return Refuse(absl::UnavailableError("credentials cannot be checked now; retry later"), {});
    }
    return Refuse(verified.status(),
                  {basic ? kBasicRealm : absl::StrCat(kBearerRealm, ", error=\"invalid_token\"")});
  }
  const Identity* identity = verified->get();
  if (!identity->scopes.contains(access.scope()) && !identity->platform_admin) {
    return Refuse(absl::PermissionDeniedError(absl::StrCat(basic ? "the API user" : "the token",
                                                           " lacks the scope ", access.scope())),
                  {basic ? kBasicRealm
                         : absl::StrCat(kBearerRealm, ", error=\"insufficient_scope\", scope=\"",
                                        access.scope(), "\"")});
  }
  // A platform admin names its tenant per call, after admission: its quota is its own.
  const std::string bucket = identity->platform_admin ? "platform-admin:" + identity->subject
                                                      : "tenant:" + identity->tenant;
  return TakeQuota(bucket, Caller{identity->tenant, identity->subject, identity->platform_admin},
                   now);
}

consent::Admission Admission::TakeQuota(const std::string& bucket, Caller caller,
                                        absl::Time now) const {
  const TenantQuota::Decision decision = quota_.Take(bucket, now);
  if (decision.admitted) return {std::move(caller), {}};
  // draft-ietf-httpapi-ratelimit-headers: the policy (a bucket of `burst` refilled over
  // the window) and what is left of it; Retry-After in whole seconds, at least 1.
  const int64_t retry_after =
      std::max<int64_t>(1, std::ceil(absl::ToDoubleSeconds(decision.retry_after)));
  const int64_t window = std::max<int64_t>(1, std::ceil(quota_.burst() / quota_.rate()));
  consent::Admission refused{
      absl::ResourceExhaustedError(absl::StrFormat(
          "the tenant's quota of %g calls per second (bursts of %d) is used up; retry after %d s",
          quota_.rate(), quota_.burst(), retry_after)),
      {}};
  refused.trailing_metadata = {
      {wire::kRetryAfter, absl::StrCat(retry_after)},
      {wire::kRateLimitPolicy, absl::StrCat("\"tenant\";q=", quota_.burst(), ";w=", window)},
      {wire::kRateLimit, absl::StrCat("\"tenant\";r=", decision.remaining, ";t=", retry_after)}};
  return refused;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Admission::InterceptorFactory() {
  return std::make_unique<AdmissionFactory>(*this);
}

}  // namespace consent::auth
