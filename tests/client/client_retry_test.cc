// consent::Client's retry policy and deadlines. Attempts are counted by a client
// interceptor against an address that refuses connections (UNAVAILABLE every time), or by
// an in-process fake PersonService that fails on demand or answers slowly.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <regex>
#include <thread>

#include <absl/random/random.h>
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "client/lib/consent_client/client.h"
#include "tests/support/child_process.h"

namespace consent {
namespace {

namespace exp = grpc::experimental;

class CountingInterceptor : public exp::Interceptor {
 public:
  explicit CountingInterceptor(std::atomic<int>& attempts) : attempts_(attempts) {}
  void Intercept(exp::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(exp::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA))
      ++attempts_;
    methods->Proceed();
  }

 private:
  std::atomic<int>& attempts_;
};

class CountingFactory : public exp::ClientInterceptorFactoryInterface {
 public:
  explicit CountingFactory(std::atomic<int>& attempts) : attempts_(attempts) {}
  exp::Interceptor* CreateClientInterceptor(exp::ClientRpcInfo*) override {
    return new CountingInterceptor(attempts_);
  }

 private:
  std::atomic<int>& attempts_;
};

ClientOptions FastRetries(const std::string& address) {
  ClientOptions options;
  options.address = address;
  options.tenant = "t1";
  options.token = "tok";
  options.default_timeout = absl::Seconds(5);
  options.retry.initial_backoff = absl::Milliseconds(1);
  options.retry.max_backoff = absl::Milliseconds(5);
  return options;
}

// A Client whose every attempt is counted, on an address where nothing listens.
class RefusedConnectionTest : public ::testing::Test {
 protected:
  RefusedConnectionTest() {
    std::vector<std::unique_ptr<exp::ClientInterceptorFactoryInterface>> factories;
    factories.push_back(std::make_unique<CountingFactory>(attempts_));
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    ClientOptions options = FastRetries("");
    options.channel = exp::CreateCustomChannelWithInterceptors(
        "127.0.0.1:" + std::to_string(testing::FreePort()), grpc::InsecureChannelCredentials(),
        args, std::move(factories));
    client_ = std::make_unique<Client>(options);
  }

  // Runs `call`, expects UNAVAILABLE, returns how many attempts it made.
  template <typename Call>
  int Attempts(Call call) {
    attempts_ = 0;
    absl::Status status = call(*client_);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
    return attempts_;
  }

  std::atomic<int> attempts_{0};
  std::unique_ptr<Client> client_;
};

TEST_F(RefusedConnectionTest, IdempotentCallsAreRetriedUpToMaxAttempts) {
  EXPECT_EQ(Attempts([](Client& c) { return c.GetPerson({}).status(); }), 4);
  EXPECT_EQ(Attempts([](Client& c) { return c.DeletePerson({}).status(); }), 4);
  EXPECT_EQ(Attempts([](Client& c) { return c.SetPersonConsent({}).status(); }), 4);
  EXPECT_EQ(Attempts([](Client& c) { return c.UpdateLegalBase({}).status(); }), 4);
  EXPECT_EQ(Attempts([](Client& c) { return c.ListConsentTypes({}).status(); }), 4);
  EXPECT_EQ(Attempts([](Client& c) { return c.CheckHealth(); }), 4);
  // These carry a request id, their idempotency key (generated when absent), so they are
  // safe to repeat, creates included.
  EXPECT_EQ(Attempts([](Client& c) { return c.CreatePerson({}).status(); }), 4);
  v1::SaveConsentPersonRequest update;
  update.mutable_consent_person()->set_consent_person_id(5);
  EXPECT_EQ(Attempts([&](Client& c) { return c.SaveConsentPerson(update).status(); }), 4);
  EXPECT_EQ(Attempts([](Client& c) { return c.SaveConsentPerson({}).status(); }), 4);
}

TEST_F(RefusedConnectionTest, CreatesWithoutRequestIdAndPatchesAreNotRetried) {
  EXPECT_EQ(Attempts([](Client& c) { return c.CreateConsentPurpose({}).status(); }), 1);
  EXPECT_EQ(Attempts([](Client& c) { return c.CreateConsentTypes({}).status(); }), 1);
  EXPECT_EQ(Attempts([](Client& c) { return c.PatchConsentSource({}).status(); }), 1);
  EXPECT_EQ(Attempts([](Client& c) { return c.PatchConsentType({}).status(); }), 1);
}

TEST_F(RefusedConnectionTest, RetriesStopAtTheCallDeadline) {
  ClientOptions options = FastRetries("127.0.0.1:" + std::to_string(testing::FreePort()));
  options.retry.initial_backoff = absl::Seconds(10);
  Client slow_backoff(options);
  auto start = std::chrono::steady_clock::now();
  absl::Status status = slow_backoff.GetPerson({}, CallOptions{absl::Milliseconds(300)}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// A PersonService that fails the first `failures` calls with `code`, records what each
// attempt carried, and sleeps `delay` in GetPerson.
class FakePersons final : public v1::PersonService::Service {
 public:
  int failures = 0;
  grpc::StatusCode code = grpc::StatusCode::UNAVAILABLE;
  std::chrono::milliseconds delay{0};
  std::mutex mu;
  std::vector<std::string> request_ids, tenants, authorizations, x_request_ids;

  grpc::Status CreatePerson(grpc::ServerContext* ctx, const v1::CreatePersonRequest* request,
                            v1::Person* person) override {
    std::lock_guard lock(mu);
    request_ids.push_back(request->request_id());
    tenants.push_back(Metadata(*ctx, "customer-id"));
    authorizations.push_back(Metadata(*ctx, "authorization"));
    x_request_ids.push_back(Metadata(*ctx, "x-request-id"));
    if (static_cast<int>(request_ids.size()) <= failures) return grpc::Status(code, "not now");
    person->set_person_id(7);
    return grpc::Status::OK;
  }

  grpc::Status SetPersonConsent(grpc::ServerContext*, const v1::SetPersonConsentRequest* request,
                                google::protobuf::Empty*) override {
    std::lock_guard lock(mu);
    request_ids.push_back(request->request_id());
    if (static_cast<int>(request_ids.size()) <= failures) return grpc::Status(code, "not now");
    return grpc::Status::OK;
  }

  grpc::Status GetPerson(grpc::ServerContext*, const v1::GetPersonRequest*, v1::Person*) override {
    std::this_thread::sleep_for(delay);
    return grpc::Status::OK;
  }

 private:
  static std::string Metadata(const grpc::ServerContext& ctx, const std::string& key) {
    auto it = ctx.client_metadata().find(key);
    return it == ctx.client_metadata().end() ? ""
                                             : std::string(it->second.data(), it->second.size());
  }
};

class FakeBackendTest : public ::testing::Test {
 protected:
  FakeBackendTest() {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&fake_);
    server_ = builder.BuildAndStart();
    client_ = std::make_unique<Client>(FastRetries("127.0.0.1:" + std::to_string(port)));
  }
  ~FakeBackendTest() override { server_->Shutdown(std::chrono::system_clock::now()); }

  FakePersons fake_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Client> client_;
};

TEST_F(FakeBackendTest, RetriedCreatePersonKeepsOneGeneratedRequestIdAndTheMetadata) {
  fake_.failures = 2;
  auto person = client_->CreatePerson({});
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->person_id(), 7);
  ASSERT_EQ(fake_.request_ids.size(), 3u);
  EXPECT_FALSE(fake_.request_ids[0].empty());
  EXPECT_EQ(fake_.request_ids[1], fake_.request_ids[0]);
  EXPECT_EQ(fake_.request_ids[2], fake_.request_ids[0]);
  EXPECT_EQ(fake_.tenants, std::vector<std::string>(3, "t1"));
  EXPECT_EQ(fake_.authorizations, std::vector<std::string>(3, "Bearer tok"));
  // One x-request-id for the call, the same on every attempt.
  EXPECT_EQ(fake_.x_request_ids, std::vector<std::string>(3, fake_.x_request_ids[0]));
  EXPECT_TRUE(std::regex_match(
      fake_.x_request_ids[0],
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << fake_.x_request_ids[0];
}

TEST_F(FakeBackendTest, RetriedSetPersonConsentKeepsOneGeneratedKeyUnlessGivenOne) {
  fake_.failures = 2;
  ASSERT_TRUE(client_->SetPersonConsent({}).ok());
  ASSERT_EQ(fake_.request_ids.size(), 3u);
  EXPECT_FALSE(fake_.request_ids[0].empty());
  EXPECT_EQ(fake_.request_ids, std::vector<std::string>(3, fake_.request_ids[0]));
  v1::SetPersonConsentRequest keyed;
  keyed.set_request_id("mine");
  ASSERT_TRUE(client_->SetPersonConsent(keyed).ok());
  EXPECT_EQ(fake_.request_ids.back(), "mine");
}

TEST_F(FakeBackendTest, EachCallHasItsOwnRequestIdUnlessGivenOne) {
  ASSERT_TRUE(client_->CreatePerson({}).ok());
  ASSERT_TRUE(client_->CreatePerson({}).ok());
  CallOptions given;
  given.request_id = "req-42";
  ASSERT_TRUE(client_->CreatePerson({}, given).ok());
  ASSERT_EQ(fake_.x_request_ids.size(), 3u);
  EXPECT_NE(fake_.x_request_ids[0], fake_.x_request_ids[1]);
  EXPECT_EQ(fake_.x_request_ids[2], "req-42");
}

TEST_F(FakeBackendTest, CallersRequestIdIsKeptAndEachCreateGetsItsOwn) {
  v1::CreatePersonRequest mine;
  mine.set_request_id("mine");
  ASSERT_TRUE(client_->CreatePerson(mine).ok());
  ASSERT_TRUE(client_->CreatePerson({}).ok());
  ASSERT_TRUE(client_->CreatePerson({}).ok());
  ASSERT_EQ(fake_.request_ids.size(), 3u);
  EXPECT_EQ(fake_.request_ids[0], "mine");
  EXPECT_NE(fake_.request_ids[1], fake_.request_ids[2]);
}

TEST_F(FakeBackendTest, OtherErrorsAreNotRetried) {
  fake_.failures = 1;
  fake_.code = grpc::StatusCode::INTERNAL;
  EXPECT_EQ(client_->CreatePerson({}).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(fake_.request_ids.size(), 1u);
}

TEST_F(FakeBackendTest, DeadlineIsHonoured) {
  fake_.delay = std::chrono::milliseconds(1500);
  auto start = std::chrono::steady_clock::now();
  auto person = client_->GetPerson({}, CallOptions{absl::Milliseconds(200)});
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(person.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_GE(elapsed, std::chrono::milliseconds(190));
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
}

// A socket that completes TCP handshakes (the kernel's backlog) but never accepts, so a
// client's HTTP/2 handshake never gets an answer.
class SilentListener {
 public:
  SilentListener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  }
  ~SilentListener() { close(fd_); }
  const std::string& address() const { return address_; }

 private:
  int fd_;
  std::string address_;
};

TEST(SilentServerTest, DeadlineExceededWithinTheDeadline) {
  SilentListener silent;
  ClientOptions options = FastRetries(silent.address());
  options.default_timeout = absl::Milliseconds(300);
  Client client(options);
  auto start = std::chrono::steady_clock::now();
  absl::Status status = client.GetPerson({}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
}

TEST(BackoffDelayTest, GrowsExponentiallyUpToTheCapWithBoundedJitter) {
  RetryPolicy policy;
  policy.jitter = 0;
  absl::BitGen random;
  EXPECT_EQ(BackoffDelay(policy, 1, random), absl::Milliseconds(50));
  EXPECT_EQ(BackoffDelay(policy, 2, random), absl::Milliseconds(100));
  EXPECT_EQ(BackoffDelay(policy, 3, random), absl::Milliseconds(200));
  EXPECT_EQ(BackoffDelay(policy, 20, random), absl::Seconds(2));
  policy.jitter = 0.2;
  for (int i = 0; i < 100; ++i) {
    absl::Duration d = BackoffDelay(policy, 2, random);
    EXPECT_GE(d, absl::Milliseconds(80));
    EXPECT_LE(d, absl::Milliseconds(120));
  }
}

}  // namespace
}  // namespace consent
