#include "client/loadgen/driver.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>

namespace consent::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

// One in-flight call at a time; when it completes the next one starts from the callback.
struct Slot {
  v1::PersonService::Stub* stub = nullptr;
  v1::LedgerService::Stub* ledger = nullptr;
  const Client* client = nullptr;
  std::unique_ptr<grpc::ClientContext> ctx;
  v1::SetPersonConsentRequest write;
  google::protobuf::Empty written;
  v1::GetPersonRequest read;
  v1::Person person;
  v1::RecordConsentRequest record;
  v1::ConsentEvent recorded;
  v1::CheckConsentsRequest check;
  v1::CheckConsentsResponse checked;
  Clock::time_point started;
  std::vector<double> latencies_ms;
};

class Run {
 public:
  Run(const LoadSpec& spec, const std::vector<std::unique_ptr<Client>>& clients) : spec_(spec) {
    for (const auto& c : clients) {
      stubs_.push_back(v1::PersonService::NewStub(c->channel()));
      ledgers_.push_back(v1::LedgerService::NewStub(c->channel()));
    }
    slots_.resize(spec.concurrency);
    for (size_t i = 0; i < slots_.size(); ++i) {
      slots_[i].stub = stubs_[i % stubs_.size()].get();
      slots_[i].ledger = ledgers_[i % ledgers_.size()].get();
      slots_[i].client = clients[i % clients.size()].get();
    }
  }

  LoadResult Execute(const std::function<void(long, long)>& progress) {
    begin_ = Clock::now();
    end_ = begin_ + absl::ToChronoNanoseconds(spec_.duration);
    active_ = static_cast<int>(slots_.size());
    for (Slot& slot : slots_) Next(slot);
    std::unique_lock lock(mu_);
    while (!done_.wait_for(lock, std::chrono::seconds(1), [&] { return active_ == 0; })) {
      progress(completed_.load(), errors_.load());
    }
    return Summarize();
  }

 private:
  // The number of the next call, or nullopt when the run is over.
  std::optional<long> Claim() {
    const long n = issued_.fetch_add(1);
    const bool more = spec_.requests > 0 ? n < spec_.requests : Clock::now() < end_;
    return more ? std::optional<long>(n) : std::nullopt;
  }

  void Next(Slot& slot) {
    const std::optional<long> claimed = Claim();
    if (!claimed) {
      std::lock_guard lock(mu_);
      last_ = std::max(last_, Clock::now());
      if (--active_ == 0) done_.notify_all();
      return;
    }
    const long n = *claimed;
    slot.ctx = std::make_unique<grpc::ClientContext>();
    slot.client->Prepare(*slot.ctx);
    const size_t persons = spec_.person_ids.size();
    const int person_id = spec_.person_ids[n % persons];
    auto on_done = [this, &slot](grpc::Status status) { Completed(slot, status); };
    slot.started = Clock::now();
    // Each visit to a person flips its decision, so every write changes the row.
    const bool grant = (n / persons) % 2 == 0;
    switch (spec_.scenario) {
      case Scenario::kWrite:
        slot.write.set_person_id(person_id);
        slot.write.mutable_consent()->set_status(grant ? v1::granted : v1::refused);
        slot.write.mutable_consent()->set_medium(v1::email);
        slot.stub->async()->SetPersonConsent(slot.ctx.get(), &slot.write, &slot.written, on_done);
        break;
      case Scenario::kRead:
        slot.read.set_person_id(person_id);
        slot.stub->async()->GetPerson(slot.ctx.get(), &slot.read, &slot.person, on_done);
        break;
      case Scenario::kRecord:
        slot.record.set_person_id(person_id);
        slot.record.set_data_consent(true);
        slot.record.set_state(grant ? v1::ConsentEvent::granted : v1::ConsentEvent::refused);
        slot.record.set_medium(v1::email);
        slot.ledger->async()->RecordConsent(slot.ctx.get(), &slot.record, &slot.recorded, on_done);
        break;
      case Scenario::kCheck:
      case Scenario::kCheck1000: {
        const size_t count = spec_.scenario == Scenario::kCheck ? 1 : 1000;
        slot.check.clear_checks();
        for (size_t k = 0; k < count; ++k) {
          v1::ConsentCheck* check = slot.check.add_checks();
          check->set_person_id(spec_.person_ids[(n + k) % persons]);
          check->set_data_consent(true);
          check->set_medium(v1::email);
        }
        slot.ledger->async()->CheckConsents(slot.ctx.get(), &slot.check, &slot.checked, on_done);
        break;
      }
    }
  }

  void Completed(Slot& slot, const grpc::Status& status) {
    slot.latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - slot.started).count());
    ++completed_;
    if (!status.ok() && errors_.fetch_add(1) == 0) {
      std::lock_guard lock(mu_);
      first_error_ = status.error_message();
    }
    Next(slot);
  }

  LoadResult Summarize() {
    std::vector<double> all;
    for (const Slot& s : slots_)
      all.insert(all.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    std::sort(all.begin(), all.end());
    auto at = [&](double q) {
      return all.empty() ? 0 : all[std::min(all.size() - 1, size_t(q * all.size()))];
    };
    LoadResult r;
    r.requests = static_cast<long>(all.size());
    r.errors = errors_.load();
    r.first_error = first_error_;
    r.seconds = std::chrono::duration<double>(last_ - begin_).count();
    r.rps = r.seconds > 0 ? r.requests / r.seconds : 0;
    r.p50_ms = at(0.50);
    r.p99_ms = at(0.99);
    return r;
  }

  const LoadSpec& spec_;
  std::vector<std::unique_ptr<v1::PersonService::Stub>> stubs_;
  std::vector<std::unique_ptr<v1::LedgerService::Stub>> ledgers_;
  std::vector<Slot> slots_;
  Clock::time_point begin_, end_, last_;
  std::atomic<long> issued_{0}, completed_{0}, errors_{0};
  std::mutex mu_;
  std::condition_variable done_;
  int active_ = 0;
  std::string first_error_;
};

}  // namespace

std::optional<Scenario> ScenarioNamed(const std::string& name) {
  if (name == "write") return Scenario::kWrite;
  if (name == "read") return Scenario::kRead;
  if (name == "record") return Scenario::kRecord;
  if (name == "check") return Scenario::kCheck;
  if (name == "check1000") return Scenario::kCheck1000;
  return std::nullopt;
}

LoadResult RunLoad(const LoadSpec& spec, const std::vector<std::unique_ptr<Client>>& clients,
                   const std::function<void(long done, long errors)>& progress) {
  Run run(spec, clients);
  return run.Execute(progress);
}

}  // namespace consent::loadgen
