// consent-loadgen: creates --persons persons, then keeps --concurrency SetPersonConsent
// (--scenario=write) or GetPerson (--scenario=read) calls in flight against consent-server
// for --requests calls or --duration-seconds, and prints requests/s, p50, p99 and errors.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>

#include "call_driver.h"
#include "report.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "consent-server address host:port");
ABSL_FLAG(std::string, tenant, "loadgen", "tenant sent as customer-id metadata");
ABSL_FLAG(std::string, scenario, "write", "write (SetPersonConsent) or read (GetPerson)");
ABSL_FLAG(int, concurrency, 1, "calls in flight");
ABSL_FLAG(int, channels, 0, "gRPC connections; 0: one per call in flight, like separate clients");
ABSL_FLAG(int, persons, 1000, "persons created first and addressed round-robin");
ABSL_FLAG(long, requests, 0, "stop after this many calls; 0: run for --duration-seconds");
ABSL_FLAG(double, duration_seconds, 10, "measurement time when --requests is 0");
ABSL_FLAG(bool, json, false, "print the summary as one JSON line");

namespace {

using consent::v1::PersonService;

// absl spells flags with '_'; accept '-' too (--duration-seconds).
std::vector<char*> ParseFlags(int argc, char** argv, std::vector<std::string>& storage) {
  storage.assign(argv, argv + argc);
  std::vector<char*> args;
  for (auto& arg : storage) {
    if (arg.rfind("--", 0) == 0) {
      std::replace(arg.begin() + 2, arg.begin() + std::min(arg.find('='), arg.size()), '-', '_');
    }
    args.push_back(arg.data());
  }
  absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  return args;
}

std::unique_ptr<PersonService::Stub> NewStub(const std::string& server) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // its own connection
  return PersonService::NewStub(
      grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args));
}

std::vector<int> CreatePersons(PersonService::Stub& stub, const std::string& tenant, int count) {
  std::vector<int> ids;
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("customer-id", tenant);
    consent::v1::CreatePersonRequest request;
    request.mutable_person()->set_first_name("loadgen");
    consent::v1::Person person;
    auto status = stub.CreatePerson(&ctx, request, &person);
    if (!status.ok()) {
      std::fprintf(stderr, "CreatePerson: %d %s\n", status.error_code(),
                   status.error_message().c_str());
      break;
    }
    ids.push_back(person.person_id());
  }
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("consent-loadgen: concurrent gRPC load on consent-server");
  std::vector<std::string> arg_storage;
  ParseFlags(argc, argv, arg_storage);
  const std::string server = absl::GetFlag(FLAGS_server);
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  if (scenario != "write" && scenario != "read") {
    std::fprintf(stderr, "--scenario must be write or read\n");
    return 2;
  }
  consent::loadgen::Plan plan;
  plan.scenario = scenario == "write" ? consent::loadgen::Scenario::kWrite
                                      : consent::loadgen::Scenario::kRead;
  plan.tenant = absl::GetFlag(FLAGS_tenant);
  const int concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  plan.concurrency = concurrency;
  plan.requests = std::max(0L, absl::GetFlag(FLAGS_requests));

  const int persons = std::max(1, absl::GetFlag(FLAGS_persons));
  plan.person_ids = CreatePersons(*NewStub(server), plan.tenant, persons);
  if (plan.person_ids.size() != static_cast<size_t>(persons)) {
    std::fprintf(stderr, "cannot create persons on %s\n", server.c_str());
    return 1;
  }
  const int channels = absl::GetFlag(FLAGS_channels) > 0 ? absl::GetFlag(FLAGS_channels) : concurrency;
  std::vector<std::unique_ptr<PersonService::Stub>> stubs;
  for (int i = 0; i < channels; ++i) stubs.push_back(NewStub(server));

  const auto start = consent::loadgen::Clock::now();
  plan.deadline = start + std::chrono::duration_cast<consent::loadgen::Clock::duration>(
                              std::chrono::duration<double>(absl::GetFlag(FLAGS_duration_seconds)));
  consent::loadgen::CallDriver driver(std::move(stubs), std::move(plan));
  {
    consent::loadgen::Progress progress([&] { return driver.completed(); },
                                        [&] { return driver.errors(); });
    driver.Run();
  }
  consent::loadgen::Summary summary;
  summary.scenario = scenario;
  summary.concurrency = concurrency;
  summary.seconds = std::chrono::duration<double>(consent::loadgen::Clock::now() - start).count();
  summary.errors = driver.errors();
  consent::loadgen::AddLatencies(driver.LatenciesMs(), summary);
  if (summary.errors > 0) std::fprintf(stderr, "first error: %s\n", driver.first_error().c_str());
  consent::loadgen::PrintSummary(summary, absl::GetFlag(FLAGS_json));
  return 0;
}
