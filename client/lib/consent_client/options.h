#pragma once
// Settings of a consent::Client (per connection) and of one call.
#include <memory>
#include <optional>
#include <string>

#include <absl/time/time.h>
#include <grpcpp/channel.h>

namespace consent {

// Exponential backoff with jitter between attempts of a call that failed with UNAVAILABLE.
struct RetryPolicy {
  int max_attempts = 4;  // 1 disables retries
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  double multiplier = 2.0;
  double jitter = 0.2;  // each delay is scaled by a random factor in [1 - jitter, 1 + jitter]
};

// TLS to the server (PEM contents, not file names); plaintext unless `enabled`.
struct ClientTls {
  bool enabled = false;
  std::string root_certs;   // the CAs the server's certificate must chain to; empty: the system's
  std::string cert_chain;   // a client certificate (mTLS), with private_key
  std::string private_key;  // of cert_chain
  std::string server_name;  // the name the server's certificate must carry; empty: the host
};

struct ClientOptions {
  std::string address;  // host:port of consent-server
  std::string tenant;   // sent as `customer-id` metadata on every call
  std::string token;    // when set, sent as `authorization: Bearer <token>` on every call
  // "user:password" of an API user; when set (and no token is), sent as
  // `authorization: Basic <base64>` on every call.
  std::string basic;
  absl::Duration default_timeout = absl::Seconds(10);  // whole call, retries included
  RetryPolicy retry;
  ClientTls tls;
  // Overrides `address` (tests use it to add interceptors); it should be created with
  // GRPC_ARG_ENABLE_RETRIES 0 so that the policy above is the only one. Otherwise the
  // client opens its own connection (two Clients never share one) with gRPC retries off.
  std::shared_ptr<grpc::Channel> channel;
};

struct CallOptions {
  std::optional<absl::Duration> timeout;  // default: ClientOptions::default_timeout
  std::string request_id =
      "";  // sent as `x-request-id`; empty: a new UUID per call, kept across its retries
};

}  // namespace consent
