#pragma once
// Keeps the gRPC health status in step with the database: the overall status ("") and
// every API service are NOT_SERVING while PostgreSQL is unreachable and SERVING when it
// answers again. "liveness" (for the Kubernetes liveness probe) only says the process
// answers. Everything turns NOT_SERVING for good once shutdown starts.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/health_check_service_interface.h>

#include "server/db/connection_pool.h"

namespace consent {

class HealthMonitor {
 public:
  HealthMonitor(ConnectionPool& pool, grpc::HealthCheckServiceInterface* health,
                std::vector<std::string> service_names, std::chrono::milliseconds interval);
  ~HealthMonitor();
  // Marks the service NOT_SERVING and stops probing.
  void BeginShutdown();

 private:
  void Run();
  // Sets every service's status, then the overall one.
  void Publish(bool healthy);

  ConnectionPool& pool_;
  grpc::HealthCheckServiceInterface* health_;
  std::vector<std::string> service_names_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace consent
