#pragma once
// Keeps the gRPC health status in step with the database: NOT_SERVING while PostgreSQL is
// unreachable, SERVING when it answers again, NOT_SERVING for good once shutdown starts.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <grpcpp/health_check_service_interface.h>

#include "db/connection_pool.h"

namespace consent {

class HealthMonitor {
 public:
  HealthMonitor(ConnectionPool& pool, grpc::HealthCheckServiceInterface* health,
                std::chrono::milliseconds interval);
  ~HealthMonitor();
  // Marks the service NOT_SERVING and stops probing.
  void BeginShutdown();

 private:
  void Run();

  ConnectionPool& pool_;
  grpc::HealthCheckServiceInterface* health_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace consent
