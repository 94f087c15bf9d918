#pragma once
// The one place every call is admitted: a gRPC server interceptor that, before the handler
// runs, reads the method's access rule (access_policy.h), authenticates the credential in
// `authorization` (a bearer JWT, or an API user's Basic credentials) and checks the rule's
// scope, then leaves the outcome in
// the CallerRegistry for the handler (server/common/caller.h), after taking a token of the
// tenant's quota (tenant_quota.h). Refusals carry `www-authenticate` (RFC 6750), or
// `retry-after` and the RateLimit headers, for the gateway to pass on.
#include <memory>

#include <grpcpp/support/server_interceptor.h>

#include "server/auth/access_policy.h"
#include "server/auth/auth_config.h"
#include "server/auth/basic_verifier.h"
#include "server/auth/tenant_quota.h"
#include "server/auth/token_verifier.h"
#include "server/common/caller.h"

namespace consent::auth {

class Admission {
 public:
  // `verifier` may be null only when config.insecure_no_auth; `basic` is null when Basic
  // credentials are not accepted.
  Admission(const AuthConfig& config, AccessPolicy policy, TokenVerifier* verifier,
            BasicVerifier* basic, TenantQuota::Limits quota);

  // The decision for a call of `method_path` that sent `authorization` (empty: none).
  consent::Admission Decide(const std::string& method_path, absl::string_view authorization,
                            absl::Time now) const;

  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> InterceptorFactory();

  bool insecure() const { return config_.insecure_no_auth; }

 private:
  // The WWW-Authenticate challenges of a 401: the schemes accepted.
  std::vector<std::string> Challenges() const;
  consent::Admission TakeQuota(const std::string& bucket, Caller caller, absl::Time now) const;

  const AuthConfig config_;
  const AccessPolicy policy_;
  TokenVerifier* const verifier_;
  BasicVerifier* const basic_;
  mutable TenantQuota quota_;
};

}  // namespace consent::auth
