#pragma once
// Keeps the gRPC health status in step with the database: the overall status ("") and
// every API service are NOT_SERVING while PostgreSQL is unreachable and SERVING when it
// answers again. "liveness" (for the Kubernetes liveness probe) only says the process
// answers. Everything turns NOT_SERVING for good once shutdown starts.
#include <chrono>
#include <string>
#include <vector>

#include <grpcpp/health_check_service_interface.h>

#include "server/app/periodic_thread.h"
#include "server/db/connection_pool.h"

namespace consent {

class HealthMonitor {
 public:
  HealthMonitor(ConnectionPool& pool, grpc::HealthCheckServiceInterface* health,
                std::vector<std::string> service_names, std::chrono::milliseconds interval);
  ~HealthMonitor() { BeginShutdown(); }
  // Marks the service NOT_SERVING and stops probing.
  void BeginShutdown();

 private:
  // One probe of the database, published unless shutdown began meanwhile (from then on
  // gRPC's health service ignores changes anyway).
  void Probe();
  // Sets every service's status, then the overall one.
  void Publish(bool healthy);

  ConnectionPool& pool_;
  grpc::HealthCheckServiceInterface* health_;
  std::vector<std::string> service_names_;
  PeriodicThread thread_;  // last: stopped and joined before the rest goes
};

}  // namespace consent
