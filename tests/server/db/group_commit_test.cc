// db::GroupCommit on its own: which writes share a batch, and that each runs exactly once.
#include "server/db/group_commit.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/concurrently.h"

namespace consent::db {
namespace {

struct Write {
  int key;
  int runs = 0;
};

// Records every batch it runs; the first one blocks until `Release()`, so tests can queue
// writes behind it.
class Recorder {
 public:
  void Run(const std::vector<Write*>& batch) {
    if (!first_started_.exchange(true)) {
      started_.set_value();
      release_.get_future().wait();
    }
    int running = ++running_;
    max_running_ = std::max(max_running_.load(), running);
    std::vector<int> keys;
    for (Write* write : batch) {
      ++write->runs;
      keys.push_back(write->key);
    }
    {
      std::lock_guard lock(mu_);
      batches_.push_back(keys);
    }
    --running_;
  }
  void WaitFirstStarted() { started_.get_future().wait(); }
  void Release() { release_.set_value(); }
  std::vector<std::vector<int>> batches() {
    std::lock_guard lock(mu_);
    return batches_;
  }
  int max_running() const { return max_running_; }

 private:
  std::atomic<bool> first_started_{false};
  std::promise<void> started_;
  std::promise<void> release_;
  std::atomic<int> running_{0};
  std::atomic<int> max_running_{0};
  std::mutex mu_;
  std::vector<std::vector<int>> batches_;
};

GroupCommit<Write> MakeGroup(Recorder& recorder, int max_running, std::size_t max_batch) {
  return GroupCommit<Write>(
      max_running, max_batch, [](const Write& a, const Write& b) { return a.key == b.key; },
      [&recorder](const std::vector<Write*>& batch) { recorder.Run(batch); });
}

// Submits `writes` on threads of their own once the first is running, and waits until all
// but that one are queued behind it.
std::vector<std::thread> QueueBehindFirst(GroupCommit<Write>& group, Recorder& recorder,
                                          std::vector<Write>& writes) {
  std::vector<std::thread> threads;
  threads.emplace_back([&] { group.Submit(writes[0]); });
  recorder.WaitFirstStarted();
  for (std::size_t i = 1; i < writes.size(); ++i) {
    threads.emplace_back([&, i] { group.Submit(writes[i]); });
  }
  while (group.queued() != writes.size() - 1) std::this_thread::yield();
  return threads;
}

TEST(GroupCommitTest, AloneAWriteRunsAtOnceAsABatchOfOne) {
  Recorder recorder;
  recorder.Release();
  auto group = MakeGroup(recorder, 1, 64);
  Write write{7};
  group.Submit(write);
  EXPECT_EQ(write.runs, 1);
  EXPECT_EQ(recorder.batches(), (std::vector<std::vector<int>>{{7}}));
}

TEST(GroupCommitTest, WritesQueuedBehindARunningBatchRunTogetherExceptConflicting) {
  Recorder recorder;
  auto group = MakeGroup(recorder, 1, 64);
  // Key 3 twice: the two may not share a batch.
  std::vector<Write> writes{{0}, {1}, {2}, {3}, {3}, {4}};
  auto threads = QueueBehindFirst(group, recorder, writes);
  recorder.Release();
  for (auto& thread : threads) thread.join();

  auto batches = recorder.batches();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0], std::vector<int>{0});
  std::sort(batches[1].begin(), batches[1].end());
  EXPECT_EQ(batches[1], (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(batches[2], std::vector<int>{3});
  for (const Write& write : writes) EXPECT_EQ(write.runs, 1);
}

TEST(GroupCommitTest, BatchesHoldAtMostMaxBatchWrites) {
  Recorder recorder;
  auto group = MakeGroup(recorder, 1, 3);
  std::vector<Write> writes;
  for (int key = 0; key < 8; ++key) writes.push_back({key});
  auto threads = QueueBehindFirst(group, recorder, writes);
  recorder.Release();
  for (auto& thread : threads) thread.join();

  std::vector<std::size_t> sizes;
  for (const auto& batch : recorder.batches()) sizes.push_back(batch.size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 3, 3, 1}));
}

TEST(GroupCommitTest, UnderLoadEveryWriteRunsOnceAndLimitsHold) {
  Recorder recorder;
  recorder.Release();
  constexpr int kMaxRunning = 2;
  auto group = MakeGroup(recorder, kMaxRunning, 5);
  constexpr int kThreads = 16, kPerThread = 200;
  std::vector<std::vector<Write>> writes(kThreads);
  testing::RunConcurrently(kThreads, [&](int t) {
    for (int i = 0; i < kPerThread; ++i) writes[t].push_back({i % 4});  // keys collide often
    for (Write& write : writes[t]) group.Submit(write);
    return 0;
  });

  for (const auto& mine : writes) {
    for (const Write& write : mine) ASSERT_EQ(write.runs, 1);
  }
  std::size_t total = 0;
  for (auto batch : recorder.batches()) {
    total += batch.size();
    EXPECT_LE(batch.size(), 5u);
    std::sort(batch.begin(), batch.end());
    EXPECT_EQ(std::adjacent_find(batch.begin(), batch.end()), batch.end()) << "conflicting keys";
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_LE(recorder.max_running(), kMaxRunning);
  EXPECT_EQ(group.queued(), 0u);
}

}  // namespace
}  // namespace consent::db
