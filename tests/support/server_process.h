#pragma once
// The real consent-server binary started for a test on a free port.
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "tests/support/child_process.h"

namespace consent::testing {

class ServerProcess {
 public:
  // Starts consent-server against `database_url` with extra flags; waits until it listens.
  // It trusts the test identity (test_identity.h) unless a flag is --insecure-no-auth;
  // a --jwks-url flag replaces the test key's file.
  explicit ServerProcess(const std::string& database_url,
                         const std::vector<std::string>& extra_flags = {},
                         const std::string& binary = CONSENT_SERVER_BINARY);

  const std::string& address() const { return address_; }  // host:port
  // host:port of /metrics, when started with --metrics_listen.
  const std::string& metrics_address() const { return metrics_address_; }
  std::shared_ptr<grpc::Channel> Channel() const;
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
  std::string metrics_address_;
};

// A client context carrying the tenant header and a bearer token for that tenant with every
// scope, as the gateway would send them.
// `subject`: the actor the token names (default "tester@<tenant>").
std::unique_ptr<grpc::ClientContext> TenantContext(const std::string& tenant,
                                                   const std::string& subject = "");

// A tenant id no other test uses.
std::string UniqueTenant();

}  // namespace consent::testing
