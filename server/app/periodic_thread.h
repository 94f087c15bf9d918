#pragma once
// A thread of its own that calls `tick` every `interval` until stopped: what the health
// monitor and the idempotency-key pruner both run. The first tick comes one interval after
// Start; Stop wakes the thread at once and lets a tick in progress finish (a long tick asks
// stopping() between steps).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace consent {

class PeriodicThread {
 public:
  PeriodicThread(std::chrono::milliseconds interval, std::function<void()> tick)
      : interval_(interval), tick_(std::move(tick)) {}
  ~PeriodicThread();  // Stop(), then waits for the thread

  void Start();
  void Stop();
  bool stopping();

 private:
  void Run();

  const std::chrono::milliseconds interval_;
  const std::function<void()> tick_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace consent
