#pragma once
// One io_context per I/O thread. A connection lives on one context, so its handlers never
// change threads; with one context shared by all threads, asio woke a second thread for
// every readiness event it handed over (about one more context switch per request).
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace consent::gateway {

class IoContextPool {
 public:
  explicit IoContextPool(unsigned threads);

  unsigned size() const { return static_cast<unsigned>(contexts_.size()); }
  boost::asio::io_context& first() { return *contexts_.front(); }
  // The context for the next connection, round robin.
  boost::asio::io_context& Next();

  // Runs each context on its own thread until Release() and its work is done.
  void Start();
  // Lets the threads finish once their contexts run out of work. Thread-safe; idempotent.
  void Release();
  void Join();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::mutex mutex_;
  std::vector<WorkGuard> work_;  // empty once released
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
};

}  // namespace consent::gateway
