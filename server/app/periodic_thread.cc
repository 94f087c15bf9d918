#include "server/app/periodic_thread.h"

namespace consent {

PeriodicThread::~PeriodicThread() {
  Stop();
  if (thread_.joinable()) thread_.join();
}

void PeriodicThread::Start() {
  thread_ = std::thread([this] { Run(); });
}

void PeriodicThread::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
}

bool PeriodicThread::stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void PeriodicThread::Run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    tick_();
    lock.lock();
  }
}

}  // namespace consent
