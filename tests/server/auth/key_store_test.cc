// The JWKS file: read at start, reread on an unknown kid at most once per interval (a
// flood of unknown kids costs one read), the last good keys kept when a reread fails.
#include "server/auth/key_store.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

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
  KeyStore store(path_, absl::Hours(1));
  ASSERT_TRUE(store.Load().ok());
  ASSERT_TRUE(store.Find("a").ok());
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(store.Find("unknown-" + std::to_string(i)).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(store.reads(), 2);  // the start, and one reread
}

TEST_F(KeyStoreTest, ARotatedKeyIsFoundByItsKid) {
  Write({NewKey("old")});
  KeyStore store(path_, absl::ZeroDuration());
  ASSERT_TRUE(store.Load().ok());
  Write({NewKey("old"), NewKey("new")});
  EXPECT_TRUE(store.Find("new").ok());
}

TEST_F(KeyStoreTest, TheLastGoodKeysStayWhenTheFileGoesBad) {
  Write({NewKey("a")});
  KeyStore store(path_, absl::ZeroDuration());
  ASSERT_TRUE(store.Load().ok());
  std::ofstream(path_) << "{broken";
  EXPECT_EQ(store.Find("b").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(store.Find("a").ok());
}

TEST_F(KeyStoreTest, NoKidNeedsExactlyOneKeyAndNoKeysIsUnavailable) {
  Write({NewKey("a")});
  KeyStore one(path_);
  ASSERT_TRUE(one.Load().ok());
  EXPECT_TRUE(one.Find("").ok());
  Write({NewKey("a"), NewKey("b")});
  KeyStore two(path_);
  ASSERT_TRUE(two.Load().ok());
  EXPECT_EQ(two.Find("").status().code(), absl::StatusCode::kUnauthenticated);
  KeyStore none("/nonexistent/jwks.json");
  EXPECT_FALSE(none.Load().ok());
  EXPECT_EQ(none.Find("a").status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace consent::auth
