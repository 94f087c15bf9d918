// The JWKS, from a file or from a URL served by a real loopback HTTP server: fetched at
// start, fetched again on an unknown kid at most once per interval (a flood of unknown kids
// costs one fetch), the last good keys kept when a fetch fails, refreshed in the background.
#include "server/auth/key_store.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/http_receiver.h"

namespace consent::auth {
namespace {

class KeyStoreTest : public ::testing::Test {
 protected:
  void Write(const jose::KeySet& keys) { std::ofstream(path_) << jose::ToJwks(keys); }
  std::shared_ptr<const jose::Key> NewKey(const std::string& kid) {
    return *jose::Key::Generate("ES256", kid);
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::string path_ = (std::filesystem::temp_directory_path() /
                       ("consent-key-store-" + std::to_string(getpid()) + ".json"))
                          .string();
};

TEST_F(KeyStoreTest, AFloodOfUnknownKidsRereadsOnce) {
  Write({NewKey("a")});
  KeyStore store(JwksFromFile(path_), {.refetch_interval = absl::Hours(1)});
  ASSERT_TRUE(store.Load().ok());
  ASSERT_TRUE(store.Find("a").ok());
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(store.Find("unknown-" + std::to_string(i)).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(store.fetches(), 2);  // the start, and one refetch
}

TEST_F(KeyStoreTest, ARotatedKeyIsFoundByItsKid) {
  Write({NewKey("old")});
  KeyStore store(JwksFromFile(path_), {.refetch_interval = absl::ZeroDuration()});
  ASSERT_TRUE(store.Load().ok());
  Write({NewKey("old"), NewKey("new")});
  EXPECT_TRUE(store.Find("new").ok());
}

TEST_F(KeyStoreTest, TheLastGoodKeysStayWhenTheFileGoesBad) {
  Write({NewKey("a")});
  KeyStore store(JwksFromFile(path_), {.refetch_interval = absl::ZeroDuration()});
  ASSERT_TRUE(store.Load().ok());
  std::ofstream(path_) << "{broken";
  EXPECT_EQ(store.Find("b").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(store.Find("a").ok());
}

TEST_F(KeyStoreTest, NoKidNeedsExactlyOneKeyAndNoKeysIsUnavailable) {
  Write({NewKey("a")});
  KeyStore one(JwksFromFile(path_));
  ASSERT_TRUE(one.Load().ok());
  EXPECT_TRUE(one.Find("").ok());
  Write({NewKey("a"), NewKey("b")});
  KeyStore two(JwksFromFile(path_));
  ASSERT_TRUE(two.Load().ok());
  EXPECT_EQ(two.Find("").status().code(), absl::StatusCode::kUnauthenticated);
  KeyStore none(JwksFromFile("/nonexistent/jwks.json"));
  EXPECT_FALSE(none.Load().ok());
  EXPECT_EQ(none.Find("a").status().code(), absl::StatusCode::kUnavailable);
}

// A JWKS endpoint whose document and availability the test changes.
class JwksServer {
 public:
  JwksServer()
      : receiver_([this](const testing::HttpReceiver::Request&) {
          absl::MutexLock lock(&mu_);
          return testing::HttpReceiver::Answer{status_, jwks_};
        }) {}
  void Serve(int status, const std::string& jwks) {
    absl::MutexLock lock(&mu_);
    status_ = status;
    jwks_ = jwks;
  }
  testing::HttpReceiver& receiver() { return receiver_; }

 private:
  absl::Mutex mu_;
  int status_ ABSL_GUARDED_BY(mu_) = 200;
  std::string jwks_ ABSL_GUARDED_BY(mu_);
  testing::HttpReceiver receiver_;
};

std::shared_ptr<const jose::Key> NewKey(const std::string& kid) {
  return *jose::Key::Generate("ES256", kid);
}

TEST(KeyStoreUrl, AnUnknownKidFetchesExactlyOnceThenIsRefused) {
  JwksServer server;
  server.Serve(200, jose::ToJwks({NewKey("a")}));
  KeyStore store(JwksFromUrl(server.receiver().Url("/jwks")), {.refetch_interval = absl::Hours(1)});
  ASSERT_TRUE(store.Load().ok());
  EXPECT_EQ(server.receiver().requests(), 1);
  ASSERT_TRUE(store.Find("a").ok());
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(store.Find("unknown-" + std::to_string(i)).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(server.receiver().requests(), 2);
}

TEST(KeyStoreUrl, ARotatedKeyIsFetchedForItsFirstToken) {
  JwksServer server;
  server.Serve(200, jose::ToJwks({NewKey("old")}));
  KeyStore store(JwksFromUrl(server.receiver().Url("/jwks")));
  ASSERT_TRUE(store.Load().ok());
  server.Serve(200, jose::ToJwks({NewKey("old"), NewKey("new")}));
  EXPECT_TRUE(store.Find("new").ok());
}

TEST(KeyStoreUrl, CachedKeysServeWhileTheKeyServerIsDownOrAnswersBadly) {
  JwksServer server;
  server.Serve(200, jose::ToJwks({NewKey("a")}));
  KeyStore store(JwksFromUrl(server.receiver().Url("/jwks")),
                 {.refetch_interval = absl::ZeroDuration()});
  ASSERT_TRUE(store.Load().ok());
  server.Serve(500, "oops");
  EXPECT_FALSE(store.Load().ok());
  server.Serve(200, std::string(2 << 20, ' '));  // over the 1 MiB bound
  EXPECT_EQ(store.Load().code(), absl::StatusCode::kResourceExhausted);
  server.Serve(200, R"({"keys":[]})");
  EXPECT_FALSE(store.Load().ok());
  server.receiver().Stop();
  EXPECT_EQ(store.Load().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.Find("b").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(store.Find("a").ok());
}

TEST(KeyStoreUrl, AKeyServerNeverReachedIsUnavailable) {
  std::string url;
  {
    JwksServer server;
    url = server.receiver().Url("/jwks");
  }  // nothing listens on its port now
  KeyStore store(JwksFromUrl(url), {.refetch_interval = absl::ZeroDuration()});
  EXPECT_EQ(store.Load().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.Find("a").status().code(), absl::StatusCode::kUnavailable);
}

TEST(KeyStoreUrl, TheRefresherRetriesUntilTheKeyServerAnswers) {
  JwksServer server;
  server.Serve(503, "");
  KeyStore store(JwksFromUrl(server.receiver().Url("/jwks")),
                 {.refetch_interval = absl::Milliseconds(20), .refresh_interval = absl::Hours(1)});
  EXPECT_FALSE(store.Load().ok());
  store.StartRefreshing();
  // The refresher's own schedule is what is tested: wait for its fetches, boundedly.
  auto wait_until = [](const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
  };
  EXPECT_TRUE(wait_until([&] { return server.receiver().requests() >= 3; }));
  EXPECT_FALSE(store.has_keys());
  server.Serve(200, jose::ToJwks({NewKey("a")}));
  EXPECT_TRUE(wait_until([&] { return store.has_keys(); }));
}

}  // namespace
}  // namespace consent::auth
