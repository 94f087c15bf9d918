#pragma once
// The whole consent server in one object: migrates the schema, checks every SQL statement
// against it, opens the pool and serves gRPC (health, reflection, the API) until Shutdown.
// main() runs one; tests may run one in-process, under a debugger or a sanitizer.
#include <chrono>
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <grpcpp/grpcpp.h>

#include "server/app/server_config.h"

namespace consent {

class Server {
 public:
  // Fails when the schema cannot be migrated, SQL does not fit it, or the address cannot
  // be listened on; the message says which.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerConfig& config);
  ~Server();

  // What a local client dials: host:port, or unix:/path for a Unix socket.
  const std::string& address() const { return address_; }
  // host:port of /metrics; empty when it is off.
  const std::string& metrics_address() const { return metrics_address_; }
  int schema_version() const { return schema_version_; }

  // Health turns NOT_SERVING, new calls are refused, in-flight ones may finish until
  // `deadline`; returns when all have ended.
  void Shutdown(std::chrono::system_clock::time_point deadline);

 private:
  struct Parts;
  explicit Server(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
  std::string address_;
  std::string metrics_address_;
  int schema_version_ = 0;
  bool shut_down_ = false;
};

}  // namespace consent
