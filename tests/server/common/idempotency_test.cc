// OncePerKey and the pruning of keys straight against PostgreSQL
// (server/common/idempotency.h).
#include "server/common/idempotency.h"

#include <chrono>
#include <future>
#include <thread>

#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "lib/wire/status_details.h"
#include "proto/consent/v1/persons.pb.h"
#include "server/db/statement.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using google::protobuf::StringValue;

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SharedServer();  // applies the migrations
    db::PrepareAll(conn_);
    pqxx::nontransaction(conn_).exec("SET statement_timeout = 5000");
    call_.tenant = testing::UniqueTenant();
  }

  IdempotencyKey Key(const std::string& key, const std::string& description = "d",
                     const CallContext* call = nullptr) {
    v1::SetPersonConsentRequest request;
    request.mutable_consent()->set_description(description);
    request.set_request_id(key);
    return IdempotencyKeyOf(call ? *call : call_, "Test", request).value();
  }

  // One call: OncePerKey around a write that answers `answer` with version `version`,
  // counted in writes_.
  absl::StatusOr<std::pair<std::string, long long>> Call(pqxx::connection& conn,
                                                         const IdempotencyKey& key,
                                                         const std::string& answer,
                                                         long long version,
                                                         const CallContext* call = nullptr) {
    pqxx::work txn(conn);
    StringValue response;
    absl::StatusOr<long long> got =
        OncePerKey(txn, call ? *call : call_, key, &response, [&]() -> absl::StatusOr<long long> {
          ++writes_;
          response.set_value(answer);
          return version;
        });
    if (!got.ok()) return got.status();
    txn.commit();
    return std::make_pair(response.value(), *got);
  }

  int Rows(const std::string& tenant) {
    pqxx::nontransaction txn(conn_);
    return txn.exec_params1("SELECT count(*) FROM idempotent_requests WHERE tenant = $1", tenant)[0]
        .as<int>();
  }

  pqxx::connection conn_{testing::SharedCluster().url()};
  CallContext call_;
  std::atomic<int> writes_ = 0;
};

TEST_F(IdempotencyTest, WithoutAKeyEveryCallWritesAndNothingIsKept) {
  EXPECT_EQ(Call(conn_, Key(""), "a", 1).value().first, "a");
  EXPECT_EQ(Call(conn_, Key(""), "b", 2).value().first, "b");
  EXPECT_EQ(writes_, 2);
  EXPECT_EQ(Rows(call_.tenant), 0);
}

TEST_F(IdempotencyTest, ARetryGetsTheFirstAnswerAndVersionWithoutWriting) {
  auto first = Call(conn_, Key("k"), "first", 3);
  auto retry = Call(conn_, Key("k"), "second", 9);
  ASSERT_TRUE(first.ok() && retry.ok());
  EXPECT_EQ(*retry, std::make_pair(std::string("first"), 3LL));
  EXPECT_EQ(writes_, 1);
  // Keys are per RPC and per tenant.
  IdempotencyKey other_rpc = Key("k");
  other_rpc.method = "Other";
  EXPECT_EQ(Call(conn_, other_rpc, "other rpc", 1).value().first, "other rpc");
  CallContext other_tenant = call_;
  other_tenant.tenant = testing::UniqueTenant();
  EXPECT_EQ(
      Call(conn_, Key("k", "d", &other_tenant), "other tenant", 1, &other_tenant).value().first,
      "other tenant");
  EXPECT_EQ(writes_, 3);
}

TEST_F(IdempotencyTest, TheSameKeyWithAnotherRequestIsRefused) {
  ASSERT_TRUE(Call(conn_, Key("k", "one"), "first", 1).ok());
  auto refused = Call(conn_, Key("k", "two"), "second", 2);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wire::ViolatedFields(refused.status()), std::vector<std::string>{"requestId"});
  EXPECT_EQ(writes_, 1);
}

TEST_F(IdempotencyTest, AFailedWriteRemembersNothing) {
  {
    pqxx::work txn(conn_);
    StringValue response;
    auto failed = OncePerKey(txn, call_, Key("k"), &response, []() -> absl::StatusOr<long long> {
      return absl::NotFoundError("x");
    });
    EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound);
  }
  EXPECT_EQ(Rows(call_.tenant), 0);
  EXPECT_EQ(Call(conn_, Key("k"), "now", 1).value().first, "now");
}

TEST_F(IdempotencyTest, ConcurrentCallsWithOneKeyWriteOnce) {
  // The first call holds the key's lock until it commits: the second waits for it, then
  // replays its answer.
  pqxx::connection other(testing::SharedCluster().url());
  db::PrepareAll(other);
  pqxx::work first(conn_);
  StringValue response;
  ASSERT_TRUE(OncePerKey(first, call_, Key("k"), &response, [&]() -> absl::StatusOr<long long> {
                ++writes_;
                response.set_value("first");
                return 1;
              }).ok());
  auto second = std::async(std::launch::async, [&] { return Call(other, Key("k"), "second", 2); });
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  first.commit();
  auto answered = second.get();
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(answered->first, "first");
  EXPECT_EQ(writes_, 1);
}

TEST_F(IdempotencyTest, AKeyPastTheRetentionIsNewAgainAndPrunedInTheBackground) {
  ASSERT_TRUE(Call(conn_, Key("old", "one"), "first", 1).ok());
  ASSERT_TRUE(Call(conn_, Key("young"), "young", 1).ok());
  pqxx::nontransaction(conn_).exec_params(
      "UPDATE idempotent_requests SET created_at = now() - interval '2 days'"
      " WHERE tenant = $1 AND request_id = 'old'",
      call_.tenant);
  // Even with another request: the key is forgotten, the call is new and is remembered.
  EXPECT_EQ(Call(conn_, Key("old", "two"), "second", 2).value().first, "second");
  EXPECT_EQ(Call(conn_, Key("old", "two"), "third", 3).value().first, "second");
  EXPECT_EQ(writes_, 3);

  pqxx::nontransaction(conn_).exec_params(
      "UPDATE idempotent_requests SET created_at = now() - interval '2 days'"
      " WHERE tenant = $1 AND request_id = 'old'",
      call_.tenant);
  int pruned = 0;
  for (int deleted = 1; deleted > 0; pruned += deleted) {
    pqxx::nontransaction txn(conn_);
    deleted = PruneIdempotencyKeys(txn, 1000);
  }
  EXPECT_GE(pruned, 1);
  EXPECT_EQ(Rows(call_.tenant), 1);  // the young one
}

}  // namespace
}  // namespace consent
