// consent-loadgen: load on consent-server over gRPC for tests/bench. Creates --persons
// persons, then keeps --concurrency calls in flight (write: SetPersonConsent, a single-row
// upsert plus a history insert and a ledger event; read: GetPerson; record, check, check1000:
// the ledger's RecordConsent and CheckConsents, see driver.h) for --requests calls or
// --duration.
// Progress on stderr; the result (requests/s, p50, p99) on stdout, as JSON with --json.
// Exit status 1 when any call failed.
#include <cstdio>
#include <iostream>

#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>
#include <absl/strings/str_format.h>
#include <absl/synchronization/mutex.h>

#include "client/loadgen/driver.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "consent-server address");
ABSL_FLAG(std::string, tenant, "loadgen", "tenant (customer-id)");
ABSL_FLAG(std::string, token, "", "bearer token");
ABSL_FLAG(std::string, scenario, "write",
          "write (SetPersonConsent), read (GetPerson), record (RecordConsent), check"
          " (CheckConsents, 1 check) or check1000 (CheckConsents, 1000 checks)");
ABSL_FLAG(int, concurrency, 1, "calls in flight at any time");
ABSL_FLAG(int, connections, 0,
          "gRPC connections the calls are spread over (0 = one per call in flight)");
ABSL_FLAG(long, requests, 0, "stop after this many calls (0 = run for --duration)");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "how long to run when --requests is 0");
ABSL_FLAG(int, persons, 1000, "persons created first and addressed round-robin");
ABSL_FLAG(bool, json, false, "print the result as one JSON line");

namespace consent::loadgen {
namespace {

std::vector<std::unique_ptr<Client>> Connect(int count) {
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < count; ++i) {
    ClientOptions options;
    options.address = absl::GetFlag(FLAGS_server);
    options.tenant = absl::GetFlag(FLAGS_tenant);
    options.token = absl::GetFlag(FLAGS_token);
    clients.push_back(std::make_unique<Client>(options));
  }
  return clients;
}

absl::StatusOr<std::vector<int>> CreatePersons(Client& client, int count) {
  std::vector<int> ids;
  for (int i = 0; i < count; ++i) {
    v1::CreatePersonRequest request;
    request.mutable_person()->set_first_name(absl::StrFormat("load %d", i));
    absl::StatusOr<v1::Person> person = client.CreatePerson(request);
    if (!person.ok()) return person.status();
    ids.push_back(person->person_id());
  }
  return ids;
}

// One granted data-consent decision per person, so that checks find a deciding event.
absl::Status RecordDecisions(Client& client, const std::vector<int>& ids) {
  auto ledger = v1::LedgerService::NewStub(client.channel());
  for (int id : ids) {
    v1::RecordConsentRequest request;
    request.set_person_id(id);
    request.set_data_consent(true);
    request.set_state(v1::ConsentEvent::granted);
    request.set_medium(v1::email);
    grpc::ClientContext ctx;
    client.Prepare(ctx);
    v1::ConsentEvent event;
    if (grpc::Status s = ledger->RecordConsent(&ctx, request, &event); !s.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
    }
  }
  return absl::OkStatus();
}

int Main() {
  LoadSpec spec;
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  const std::optional<Scenario> named = ScenarioNamed(scenario);
  if (!named) {
    std::cerr << "--scenario must be write, read, record, check or check1000\n";
    return 2;
  }
  spec.scenario = *named;
  spec.concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  spec.requests = absl::GetFlag(FLAGS_requests);
  spec.duration = absl::GetFlag(FLAGS_duration);
  const int connections = absl::GetFlag(FLAGS_connections);
  auto clients =
      Connect(connections > 0 ? std::min(connections, spec.concurrency) : spec.concurrency);

  absl::StatusOr<std::vector<int>> ids =
      CreatePersons(*clients[0], std::max(1, absl::GetFlag(FLAGS_persons)));
  if (!ids.ok()) {
    std::cerr << "cannot create persons on " << absl::GetFlag(FLAGS_server) << ": " << ids.status()
              << "\n";
    return 1;
  }
  spec.person_ids = *std::move(ids);
  if (spec.scenario == Scenario::kCheck || spec.scenario == Scenario::kCheck1000) {
    if (absl::Status recorded = RecordDecisions(*clients[0], spec.person_ids); !recorded.ok()) {
      std::cerr << "cannot record decisions: " << recorded << "\n";
      return 1;
    }
  }

  long last_done = 0;
  LoadResult r = RunLoad(spec, clients, [&](long done, long errors) {
    std::cerr << absl::StrFormat("%s c=%d: %ld calls (%ld/s), %ld errors\n", scenario,
                                 spec.concurrency, done, done - last_done, errors);
    last_done = done;
  });
  if (r.errors > 0) std::cerr << r.errors << " calls failed, first: " << r.first_error << "\n";
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << absl::StrFormat(
        "{\"scenario\":\"%s\",\"concurrency\":%d,\"requests\":%d,\"errors\":%d,\"seconds\":%.3f,"
        "\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
        scenario, spec.concurrency, r.requests, r.errors, r.seconds, r.rps, r.p50_ms, r.p99_ms);
  } else {
    std::cout << absl::StrFormat(
        "%s, %d in flight: %d calls (%d failed) in %.2f s\n"
        "requests/s %.1f  p50 %.3f ms  p99 %.3f ms\n",
        scenario, spec.concurrency, r.requests, r.errors, r.seconds, r.rps, r.p50_ms, r.p99_ms);
  }
  return r.errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace consent::loadgen

int main(int argc, char** argv) {
  // Debian builds Abseil with debug checks on; its mutex deadlock detector then keeps a
  // global lock graph on every gRPC lock: measurable per-call cost (see tests/bench).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage("load on consent-server over gRPC (see tests/bench/run)");
  absl::ParseCommandLine(argc, argv);
  return consent::loadgen::Main();
}
