#pragma once
// The gRPC metadata keys that gateway, server and client agree on: what travels with a call
// besides its message. Keys are lower case (gRPC's rule for metadata).
namespace consent::wire {

// Request metadata.
inline constexpr char kCustomerId[] = "customer-id";       // the tenant the caller names
inline constexpr char kRequestId[] = "x-request-id";       // correlates logs and history
inline constexpr char kAuthorization[] = "authorization";  // the caller's credential
inline constexpr char kIfMatch[] = "if-match";             // optimistic concurrency
inline constexpr char kAcceptLanguage[] = "accept-language";
// The media type of a PATCH document (JSON Patch or merge patch), set by the gateway.
inline constexpr char kHttpContentType[] = "x-http-content-type";

// Response (initial) metadata.
inline constexpr char kHttpStatus[] = "x-http-status";  // a success status other than 200/204
inline constexpr char kEtag[] = "etag";
inline constexpr char kLocation[] = "location";

// Response metadata (initial or trailing) that REST answers carry as the header of the same
// name, errors included: the challenge of a 401/403 (RFC 6750) and back-off advice.
inline constexpr char kWwwAuthenticate[] = "www-authenticate";
inline constexpr char kRetryAfter[] = "retry-after";
// draft-ietf-httpapi-ratelimit-headers: the quota a refusal is about.
inline constexpr char kRateLimitPolicy[] = "ratelimit-policy";
inline constexpr char kRateLimit[] = "ratelimit";
inline constexpr const char* kResponseHeaders[] = {kWwwAuthenticate, kRetryAfter, kRateLimit,
                                                   kRateLimitPolicy};
// Health-check answers of a server running with --insecure-no-auth carry this, so that
// the gateway's /readyz can say so.
inline constexpr char kAuthenticationOff[] = "x-consent-authentication-off";

}  // namespace consent::wire
