// Issue 14's fault test: consent-server killed with SIGKILL while writers go through the
// gateway. Every acknowledged write is there afterwards; while the server is down the
// gateway answers 503 with Retry-After (nothing else); once it is back, writes succeed again
// (the time that takes is reported as the recovery_ms property, not asserted).
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_process.h"
#include "tests/support/http_client.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// What the writers saw, and a way to wait for it to change without sleeping.
struct Outcomes {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::pair<int, std::string>> acknowledged;  // (PersonId, FirstName)
  std::vector<testing::HttpResponse> failures;
  int successes_since_mark = 0;

  template <typename Predicate>
  void WaitUntil(Predicate done) {
    std::unique_lock lock(mu);
    changed.wait(lock, [&] { return done(*this); });
  }
};

TEST(ServerKill, AcknowledgedWritesSurviveAndTheOutageIs503WithRetryAfter) {
  const std::string tenant = testing::UniqueTenant();
  const std::string port = std::to_string(testing::FreePort());
  const std::string database = testing::SharedCluster().url();
  auto server = std::make_unique<testing::ServerProcess>(
      database, std::vector<std::string>{"--listen=127.0.0.1:" + port});
  testing::GatewayProcess gateway(server->address());
  const std::map<std::string, std::string> headers = {{"Customer-Id", tenant},
                                                      {"Authorization", testing::BearerFor(tenant)},
                                                      {"Content-Type", "application/json"}};

  Outcomes outcomes;
  std::atomic<bool> stop = false;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      testing::HttpClient http(gateway.address());
      for (int i = 0; !stop; ++i) {
        const std::string name = "w" + std::to_string(w) + "-" + std::to_string(i);
        testing::HttpResponse r =
            http.Request("POST", "/v1/persons", headers, json{{"FirstName", name}}.dump());
        {
          std::lock_guard lock(outcomes.mu);
          if (r.status == 201) {
            outcomes.acknowledged.emplace_back(json::parse(r.body)["PersonId"].get<int>(), name);
            ++outcomes.successes_since_mark;
          } else {
            outcomes.failures.push_back(r);
          }
        }
        outcomes.changed.notify_all();
      }
    });
  }

  outcomes.WaitUntil([](Outcomes& o) { return o.acknowledged.size() >= 40; });
  server->process().Signal(SIGKILL);
  server->process().Wait();
  outcomes.WaitUntil([](Outcomes& o) { return o.failures.size() >= 8; });  // the outage seen
  server.reset();
  server = std::make_unique<testing::ServerProcess>(
      database, std::vector<std::string>{"--listen=127.0.0.1:" + port});
  const Clock::time_point back = Clock::now();
  {
    std::lock_guard lock(outcomes.mu);
    outcomes.successes_since_mark = 0;
  }
  outcomes.WaitUntil([](Outcomes& o) { return o.successes_since_mark >= 20; });
  ::testing::Test::RecordProperty(
      "recovery_ms",
      std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - back).count()));
  stop = true;
  for (std::thread& writer : writers) writer.join();

  for (const testing::HttpResponse& failure : outcomes.failures) {
    EXPECT_EQ(failure.status, 503) << failure.body;
    EXPECT_FALSE(failure.header("retry-after").empty()) << failure.status;
    EXPECT_EQ(failure.header("content-type"), "application/problem+json");
  }
  testing::HttpClient reader(gateway.address());
  // The gateway's other backend channels may still be reconnecting (503 + Retry-After, as a
  // client would retry): each read is retried on 503 until the gateway's reconnect backoff
  // (at most 1 s) has surely passed.
  const Clock::time_point reads_until = Clock::now() + std::chrono::seconds(10);
  auto read = [&](int id) {
    testing::HttpResponse r;
    do {
      r = reader.Request("GET", "/v1/persons/" + std::to_string(id), headers);
    } while (r.status == 503 && Clock::now() < reads_until);
    return r;
  };
  for (const auto& [id, name] : outcomes.acknowledged) {
    testing::HttpResponse r = read(id);
    ASSERT_EQ(r.status, 200) << "acknowledged person " << id << " is missing";
    EXPECT_EQ(json::parse(r.body)["FirstName"], name);
  }
}

}  // namespace
}  // namespace consent
