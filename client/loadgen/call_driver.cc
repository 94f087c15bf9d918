#include "call_driver.h"

#include <google/protobuf/empty.pb.h>

namespace consent::loadgen {

struct CallDriver::Call {
  explicit Call(int slot) : slot(slot) {}
  int slot;
  Clock::time_point start = Clock::now();
  grpc::ClientContext ctx;
  v1::SetPersonConsentRequest set_request;
  google::protobuf::Empty set_response;
  v1::GetPersonRequest get_request;
  v1::Person get_response;
};

CallDriver::CallDriver(std::vector<std::unique_ptr<v1::PersonService::Stub>> stubs, Plan plan)
    : stubs_(std::move(stubs)), plan_(std::move(plan)), latencies_(plan_.concurrency) {}

void CallDriver::Run() {
  std::vector<long> first;
  for (long n; static_cast<int>(first.size()) < plan_.concurrency && Claim(&n);) first.push_back(n);
  {
    std::lock_guard lock(mu_);
    active_ = static_cast<int>(first.size());
  }
  for (size_t slot = 0; slot < first.size(); ++slot) Start(static_cast<int>(slot), first[slot]);
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return active_ == 0; });
}

bool CallDriver::Claim(long* n) {
  if (plan_.requests == 0 && Clock::now() >= plan_.deadline) return false;
  *n = next_++;
  return plan_.requests == 0 || *n < plan_.requests;
}

void CallDriver::Start(int slot, long n) {
  auto* call = new Call(slot);
  call->ctx.AddMetadata("customer-id", plan_.tenant);
  call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  const auto persons = static_cast<long>(plan_.person_ids.size());
  const int person_id = plan_.person_ids[n % persons];
  auto done = [this, call](grpc::Status status) { Done(call, status); };
  auto* async = stubs_[slot % stubs_.size()]->async();
  if (plan_.scenario == Scenario::kWrite) {
    // Each person's decision flips on every visit, so every upsert changes the row.
    call->set_request.set_person_id(person_id);
    auto* consent = call->set_request.mutable_consent();
    consent->set_status((n / persons) % 2 ? v1::refused : v1::granted);
    consent->set_medium(v1::email);
    consent->set_description("consent-loadgen");
    async->SetPersonConsent(&call->ctx, &call->set_request, &call->set_response, done);
  } else {
    call->get_request.set_person_id(person_id);
    async->GetPerson(&call->ctx, &call->get_request, &call->get_response, done);
  }
}

void CallDriver::Done(Call* call, const grpc::Status& status) {
  const int slot = call->slot;
  latencies_[slot].push_back(
      std::chrono::duration<double, std::milli>(Clock::now() - call->start).count());
  delete call;
  if (!status.ok() && errors_++ == 0) {
    std::lock_guard lock(mu_);
    first_error_ = std::to_string(status.error_code()) + " " + status.error_message();
  }
  ++completed_;
  if (long n; Claim(&n)) return Start(slot, n);
  std::lock_guard lock(mu_);
  if (--active_ == 0) idle_.notify_all();
}

std::string CallDriver::first_error() const {
  std::lock_guard lock(mu_);
  return first_error_;
}

std::vector<double> CallDriver::LatenciesMs() const {
  std::vector<double> all;
  for (const auto& slot : latencies_) all.insert(all.end(), slot.begin(), slot.end());
  return all;
}

}  // namespace consent::loadgen
