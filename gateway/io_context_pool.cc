#include "gateway/io_context_pool.h"

namespace consent::gateway {

IoContextPool::IoContextPool(unsigned threads) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    // Concurrency hint 1: each context is run by exactly one thread.
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    work_.push_back(boost::asio::make_work_guard(*contexts_.back()));
  }
}

boost::asio::io_context& IoContextPool::Next() { return *contexts_[next_++ % contexts_.size()]; }

void IoContextPool::Start() {
  for (const auto& context : contexts_) {
    threads_.emplace_back([io = context.get()] { io->run(); });
  }
}

void IoContextPool::Release() {
  std::lock_guard lock(mutex_);
  work_.clear();
}

void IoContextPool::Join() {
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace consent::gateway
