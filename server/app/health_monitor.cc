#include "app/health_monitor.h"

namespace consent {

HealthMonitor::HealthMonitor(ConnectionPool& pool, grpc::HealthCheckServiceInterface* health,
                             std::vector<std::string> service_names,
                             std::chrono::milliseconds interval)
    : pool_(pool),
      health_(health),
      service_names_(std::move(service_names)),
      interval_(interval),
      thread_([this] { Run(); }) {
  health_->SetServingStatus("liveness", true);
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
  while (!stopping_) {
    lock.unlock();
    bool healthy = pool_.Healthy();
    lock.lock();
    if (stopping_) break;
    health_->SetServingStatus("", healthy);
    for (const auto& name : service_names_) health_->SetServingStatus(name, healthy);
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace consent
