#pragma once
// Runs `call(i)` for i in [0, n) on n threads released at the same moment (so the calls
// really overlap), and returns the results in index order once all have finished.
#include <latch>
#include <thread>
#include <vector>

namespace consent::testing {

template <typename Call>
auto RunConcurrently(int n, Call call) {
  std::vector<decltype(call(0))> results(n);
  std::latch start(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = call(i);
    });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

}  // namespace consent::testing
