// consent-loadgen: N concurrent callers (one thread and channel each) issue either
// SetPersonConsent (write: single-row upsert + history insert) or GetPerson (read) for a
// fixed duration, then print one JSON line with requests/s, p50 and p99 in milliseconds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <grpcpp/grpcpp.h>

#include "consent/v1/persons.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "consent-server address");
ABSL_FLAG(std::string, tenant, "bench", "tenant (customer-id)");
ABSL_FLAG(std::string, scenario, "write", "write (SetPersonConsent) or read (GetPerson)");
ABSL_FLAG(int, concurrency, 1, "concurrent callers");
ABSL_FLAG(int, persons, 1000, "persons created first and addressed round-robin");
ABSL_FLAG(double, duration_seconds, 10, "measurement time");

namespace {

using Clock = std::chrono::steady_clock;
using consent::v1::PersonService;

void WithTenant(grpc::ClientContext& ctx) { ctx.AddMetadata("customer-id", absl::GetFlag(FLAGS_tenant)); }

std::vector<int> CreatePersons(PersonService::Stub& stub, int count) {
  std::vector<int> ids;
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext ctx;
    WithTenant(ctx);
    consent::v1::CreatePersonRequest req;
    req.mutable_person()->set_first_name("bench");
    consent::v1::Person out;
    if (stub.CreatePerson(&ctx, req, &out).ok()) ids.push_back(out.person_id());
  }
  return ids;
}

bool CallOnce(PersonService::Stub& stub, bool write, int person_id, long n) {
  grpc::ClientContext ctx;
  WithTenant(ctx);
  if (write) {
    consent::v1::SetPersonConsentRequest req;
    req.set_person_id(person_id);
    req.mutable_consent()->set_status(n % 2 ? consent::v1::granted : consent::v1::refused);
    req.mutable_consent()->set_medium(consent::v1::email);
    google::protobuf::Empty out;
    return stub.SetPersonConsent(&ctx, req, &out).ok();
  }
  consent::v1::GetPersonRequest req;
  req.set_person_id(person_id);
  consent::v1::Person out;
  return stub.GetPerson(&ctx, req, &out).ok();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const bool write = absl::GetFlag(FLAGS_scenario) == "write";
  const int concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  auto setup = PersonService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials()));
  std::vector<int> ids = CreatePersons(*setup, absl::GetFlag(FLAGS_persons));
  if (ids.empty()) {
    std::fprintf(stderr, "cannot create persons on %s\n", absl::GetFlag(FLAGS_server).c_str());
    return 1;
  }

  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(absl::GetFlag(FLAGS_duration_seconds)));
  std::atomic<long> errors{0};
  std::vector<std::vector<double>> latencies(concurrency);
  std::vector<std::thread> callers;
  for (int c = 0; c < concurrency; ++c) {
    callers.emplace_back([&, c] {
      // A channel per caller, as independent clients would have.
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", c);
      auto stub = PersonService::NewStub(grpc::CreateCustomChannel(
          absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials(), args));
      for (long n = c; Clock::now() < deadline; n += concurrency) {
        auto start = Clock::now();
        if (!CallOnce(*stub, write, ids[n % ids.size()], n)) ++errors;
        latencies[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      }
    });
  }
  for (auto& t : callers) t.join();

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0 : all[std::min(all.size() - 1, size_t(p * all.size()))]; };
  std::printf("{\"scenario\":\"%s\",\"concurrency\":%d,\"requests\":%zu,\"errors\":%ld,"
              "\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
              write ? "write" : "read", concurrency, all.size(), errors.load(),
              all.size() / absl::GetFlag(FLAGS_duration_seconds), pct(0.50), pct(0.99));
  return errors.load() == 0 ? 0 : 1;
}
