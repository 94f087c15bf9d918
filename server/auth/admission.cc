#include "server/auth/admission.h"

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>

#include "lib/wire/metadata.h"

namespace consent::auth {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kRealm[] = "Bearer realm=\"consent\"";

consent::Admission Refuse(absl::Status status, std::string challenge) {
  consent::Admission refused{std::move(status), {}};
  if (!challenge.empty()) refused.trailing_metadata.emplace_back(wire::kWwwAuthenticate, challenge);
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
      CallerRegistry::Instance().Put(
          info_->server_context(), admission_.Decide(info_->method(), authorization, absl::Now()));
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

Admission::Admission(const AuthConfig& config, AccessPolicy policy, TokenVerifier* verifier)
    : config_(config), policy_(std::move(policy)), verifier_(verifier) {}

consent::Admission Admission::Decide(const std::string& method_path,
                                     absl::string_view authorization, absl::Time now) const {
  const v1::Access& access = policy_.For(method_path);
  if (access.public_() || config_.insecure_no_auth) return {Caller{}, {}};
  if (authorization.empty()) {
    return Refuse(absl::UnauthenticatedError("credentials are required: send a bearer token"),
                  kRealm);
  }
  if (!absl::StartsWithIgnoreCase(authorization, "bearer ")) {
    return Refuse(absl::UnauthenticatedError("unsupported authorization scheme: use Bearer"),
                  kRealm);
  }
  absl::StatusOr<Identity> identity = verifier_->Verify(authorization.substr(7), now);
  if (!identity.ok()) {
    if (identity.status().code() == absl::StatusCode::kUnavailable) {
      return Refuse(absl::UnavailableError("credentials cannot be checked now; retry later"), "");
    }
    return Refuse(identity.status(), absl::StrCat(kRealm, ", error=\"invalid_token\""));
  }
  if (!identity->scopes.contains(access.scope()) && !identity->platform_admin) {
    return Refuse(
        absl::PermissionDeniedError(absl::StrCat("the token lacks the scope ", access.scope())),
        absl::StrCat(kRealm, ", error=\"insufficient_scope\", scope=\"", access.scope(), "\""));
  }
  return {Caller{identity->tenant, identity->subject, identity->platform_admin}, {}};
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Admission::InterceptorFactory() {
  return std::make_unique<AdmissionFactory>(*this);
}

}  // namespace consent::auth
