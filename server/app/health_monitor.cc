#include "server/app/health_monitor.h"

namespace consent {

HealthMonitor::HealthMonitor(ConnectionPool& pool, grpc::HealthCheckServiceInterface* health,
                             std::vector<std::string> service_names,
                             std::chrono::milliseconds interval)
    : pool_(pool),
      health_(health),
      service_names_(std::move(service_names)),
      thread_(interval, [this] { Probe(); }) {
  health_->SetServingStatus("liveness", true);
  // A first answer before the caller announces the server: until then gRPC reports the
  // overall status as SERVING by default and knows no per-service names at all.
  Publish(pool_.Healthy());
  thread_.Start();
}

void HealthMonitor::BeginShutdown() {
  thread_.Stop();
  health_->Shutdown();  // every service, overall included, answers NOT_SERVING from now on
}

void HealthMonitor::Probe() {
  const bool healthy = pool_.Healthy();
  if (!thread_.stopping()) Publish(healthy);
}

void HealthMonitor::Publish(bool healthy) {
  // Services first: whoever sees the overall status change sees theirs changed already.
  for (const auto& name : service_names_) health_->SetServingStatus(name, healthy);
  health_->SetServingStatus("", healthy);
}

}  // namespace consent
