#include "server/common/call_context.h"

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>

#include "lib/wire/metadata.h"
#include "lib/wire/request_id.h"
#include "lib/wire/status_details.h"
#include "server/common/caller.h"

namespace consent {
namespace {

std::optional<std::string> Metadata(const grpc::ServerContext& ctx, std::string_view key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

bool ValidTenant(std::string_view t) {
  if (t.empty() || t.size() > 64) return false;
  for (char c : t) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

std::string PrincipalFrom(const std::optional<std::string>& authorization) {
  if (!authorization) return "anonymous";
  absl::string_view value = *authorization;
  if (absl::StartsWithIgnoreCase(value, "basic ")) {
    std::string decoded;
    if (absl::Base64Unescape(value.substr(6), &decoded)) {
      std::string user = std::string(decoded.substr(0, decoded.find(':')));
      if (!user.empty()) return user;
    }
  }
  if (absl::StartsWithIgnoreCase(value, "bearer ")) return "bearer";
  return "anonymous";
}

// The tenant a call acts for: the credential's, unless a platform admin names another. A
// call that names another tenant than its credential's is refused and reads nothing.
absl::StatusOr<std::string> TenantFor(const Caller& caller, std::string named) {
  if (caller.tenant.empty() && !caller.platform_admin) return named;  // authentication off
  if (named.empty()) return caller.tenant;
  if (named == caller.tenant || caller.platform_admin) return named;
  return absl::PermissionDeniedError("the credential is for another tenant");
}

absl::StatusOr<CallContext> Build(grpc::ServerContext& ctx, std::string named_tenant,
                                  std::string_view tenant_source) {
  std::optional<Admission> admission = CallerRegistry::Instance().Find(&ctx);
  if (!admission) return absl::PermissionDeniedError("the call was not admitted");
  for (const auto& [key, value] : admission->trailing_metadata) {
    ctx.AddTrailingMetadata(key, value);
  }
  if (!admission->caller.ok()) return admission->caller.status();
  const Caller& caller = *admission->caller;
  absl::StatusOr<std::string> bound = TenantFor(caller, std::move(named_tenant));
  if (!bound.ok()) return bound.status();
  std::string tenant = *std::move(bound);
  if (tenant.empty()) {
    return absl::InvalidArgumentError(
        "missing tenant: send the Customer-Id header (gRPC metadata `customer-id`)");
  }
  if (!ValidTenant(tenant)) {
    return wire::FieldViolation(std::string(tenant_source),
                                "must be 1..64 characters of letters, digits, '-', '_' or '.'");
  }
  CallContext call;
  call.tenant = std::move(tenant);
  // The actor is the credential's subject; only with authentication off is it what the
  // Authorization header claims.
  call.principal =
      caller.subject.empty() ? PrincipalFrom(Metadata(ctx, wire::kAuthorization)) : caller.subject;
  // Stored with every history entry: an id we cannot bound is not kept.
  std::string request_id = Metadata(ctx, wire::kRequestId).value_or("");
  if (wire::IsAcceptableRequestId(request_id)) call.request_id = std::move(request_id);
  if (caller.platform_admin && call.tenant != caller.tenant) {
    call.principal = "platform-admin:" + caller.subject;
  }
  call.if_match = Metadata(ctx, wire::kIfMatch);
  call.patch_format = Metadata(ctx, wire::kHttpContentType).value_or("");
  return call;
}

}  // namespace

absl::StatusOr<CallContext> ContextFromMetadata(grpc::ServerContext& ctx) {
  return Build(ctx, Metadata(ctx, wire::kCustomerId).value_or(""), "Customer-Id");
}

absl::StatusOr<CallContext> ContextWithTenant(grpc::ServerContext& ctx,
                                              std::string_view client_id) {
  if (client_id.empty()) return ContextFromMetadata(ctx);
  return Build(ctx, std::string(client_id), "clientId");
}

std::string EtagFor(long long version) { return absl::StrCat("\"", version, "\""); }

absl::Status CheckIfMatch(const CallContext& call, long long current_version) {
  if (!call.if_match) return absl::OkStatus();
  std::string current = EtagFor(current_version);
  for (absl::string_view candidate : absl::StrSplit(*call.if_match, ',')) {
    candidate = absl::StripAsciiWhitespace(candidate);
    // If-Match compares strongly (RFC 9110 13.1.1): a weak tag (W/"1") never matches.
    if (candidate == "*" || candidate == current) return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "If-Match precondition failed: the resource changed (current ETag ", current, ")"));
}

void SetEtag(grpc::ServerContext& ctx, long long version) {
  ctx.AddInitialMetadata(wire::kEtag, EtagFor(version));
}

void SetCreated(grpc::ServerContext& ctx, const std::string& location) {
  ctx.AddInitialMetadata(wire::kHttpStatus, "201");
  ctx.AddInitialMetadata(wire::kLocation, location);
}

}  // namespace consent
