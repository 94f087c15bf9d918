#include "server/app/health_monitor.h"

namespace consent {

HealthMonitor::HealthMonitor(ConnectionPool& pool, grpc::HealthCheckServiceInterface* health,
                             std::vector<std::string> service_names,
                             std::chrono::milliseconds interval)
    : pool_(pool), health_(health), service_names_(std::move(service_names)), interval_(interval) {
  health_->SetServingStatus("liveness", true);
  // A first answer before the caller announces the server: until then gRPC reports the
  // overall status as SERVING by default and knows no per-service names at all.
  Publish(pool_.Healthy());
  thread_ = std::thread([this] { Run(); });
}

HealthMonitor::~HealthMonitor() {
  BeginShutdown();
  thread_.join();
}

void HealthMonitor::BeginShutdown() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  health_->Shutdown();  // every service, overall included, answers NOT_SERVING from now on
}

void HealthMonitor::Run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    bool healthy = pool_.Healthy();
    lock.lock();
    if (stopping_) break;
    Publish(healthy);
  }
}

void HealthMonitor::Publish(bool healthy) {
  // Services first: whoever sees the overall status change sees theirs changed already.
  for (const auto& name : service_names_) health_->SetServingStatus(name, healthy);
  health_->SetServingStatus("", healthy);
}

}  // namespace consent
