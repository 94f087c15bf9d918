#pragma once
// Group commit for one kind of write. Concurrent callers' writes are run together, as one
// batch (one statement, one commit, one WAL flush), by whichever caller gets to run next:
//
//   - under light load a caller runs its own write at once, as a batch of one;
//   - while `max_running` batches are in flight, new writes queue, and the next caller
//     allowed to run takes up to `max_batch` queued writes, oldest first.
//
// A caller returns only after the batch holding its write has run, so nothing is
// acknowledged before it is committed. No thread of its own: callers do the work.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace consent::db {

template <typename Write>
class GroupCommit {
 public:
  // Runs one batch and sets the outcome of every write in it. It must not throw.
  using RunBatch = std::function<void(const std::vector<Write*>&)>;
  // True when two writes may not share a batch (e.g. they update the same row).
  using Conflict = std::function<bool(const Write&, const Write&)>;

  GroupCommit(int max_running, std::size_t max_batch, Conflict conflict, RunBatch run)
      : max_running_(max_running),
        max_batch_(max_batch),
        conflict_(std::move(conflict)),
        run_(std::move(run)) {}

  // Returns once `write` has run, in this thread's batch or in another caller's.
  void Submit(Write& write) {
    Slot mine(&write);
    std::unique_lock lock(mu_);
    // `mine` leaves queue_ when a runner takes it, and this call returns only once it is
    // done, which comes after it was taken: queue_ never holds it past this frame.
    // cppcheck-suppress danglingLifetime
    queue_.push_back(&mine);
    while (!mine.done) {
      if (mine.taken || running_ >= max_running_) {
        mine.wake.wait(lock);
        continue;
      }
      std::vector<Slot*> batch = TakeBatch();
      ++running_;
      WakeNextRunner();  // room for another batch: let the next queued caller form it
      lock.unlock();
      std::vector<Write*> writes;
      writes.reserve(batch.size());
      for (Slot* slot : batch) writes.push_back(slot->write);
      run_(writes);
      lock.lock();
      --running_;
      ++batches_run_;
      writes_run_ += batch.size();
      // Notified under the lock: a finished caller may return (and its slot go) only
      // after it reacquires the lock.
      for (Slot* slot : batch) {
        slot->done = true;
        slot->wake.notify_one();
      }
      WakeNextRunner();
    }
  }

  // Writes submitted and not yet taken into a batch.
  std::size_t queued() {
    std::lock_guard lock(mu_);
    return queue_.size();
  }
  // Batches run so far, and the writes they held (their ratio is the mean batch size).
  std::pair<unsigned long long, unsigned long long> batches_and_writes() {
    std::lock_guard lock(mu_);
    return {batches_run_, writes_run_};
  }

 private:
  struct Slot {
    explicit Slot(Write* w) : write(w) {}
    Write* write;
    bool taken = false;  // in a batch that is running
    bool done = false;
    std::condition_variable wake;
  };

  // Oldest queued writes first, skipping (leaving queued) any that conflict with one
  // already taken. Called with mu_ held.
  std::vector<Slot*> TakeBatch() {
    std::vector<Slot*> batch;
    std::deque<Slot*> left;
    for (Slot* slot : queue_) {
      bool fits = batch.size() < max_batch_;
      for (const Slot* taken : batch) {
        if (!fits) break;
        fits = !conflict_(*taken->write, *slot->write);
      }
      if (fits) {
        slot->taken = true;
        batch.push_back(slot);
      } else {
        left.push_back(slot);
      }
    }
    queue_.swap(left);
    return batch;
  }

  // Called with mu_ held.
  void WakeNextRunner() {
    if (!queue_.empty() && running_ < max_running_) queue_.front()->wake.notify_one();
  }

  const int max_running_;
  const std::size_t max_batch_;
  const Conflict conflict_;
  const RunBatch run_;
  std::mutex mu_;
  std::deque<Slot*> queue_;  // submitted, not yet taken
  int running_ = 0;          // batches in flight
  unsigned long long batches_run_ = 0;
  unsigned long long writes_run_ = 0;
};

}  // namespace consent::db
