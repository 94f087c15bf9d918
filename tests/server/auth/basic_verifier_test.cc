// Basic credentials of API users, against an in-memory user table: the right password
// admits with the user's tenant and scopes, everything else is refused alike, an unknown
// user costs one hash check as a wrong password does, verified credentials are cached
// until forgotten.
#include "server/auth/basic_verifier.h"

#include <map>

#include <absl/strings/escaping.h>
#include <gtest/gtest.h>

#include "server/auth/passwords.h"

namespace consent::auth {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

class BasicVerifierTest : public ::testing::Test {
 protected:
  BasicVerifierTest()
      : verifier_([this](const std::string& name) -> absl::StatusOr<std::optional<StoredApiUser>> {
          ++lookups_;
          if (store_down_) return absl::UnavailableError("down");
          auto it = users_.find(name);
          if (it == users_.end()) return std::nullopt;
          return it->second;
        }) {
    users_["crm-sync"] = {"acme", *HashPassword(password_), {"contacts:persons:read"}};
  }

  static std::string Basic(const std::string& user_password) {
    return absl::Base64Escape(user_password);
  }

  std::string password_ = GeneratePassword();
  std::map<std::string, StoredApiUser> users_;
  int lookups_ = 0;
  bool store_down_ = false;
  BasicVerifier verifier_;
};

TEST_F(BasicVerifierTest, TheRightPasswordAdmitsWithTheUsersTenantAndScopes) {
  absl::StatusOr<IdentityRef> identity = verifier_.Verify(Basic("crm-sync:" + password_), kNow);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ((*identity)->tenant, "acme");
  EXPECT_EQ((*identity)->subject, "api-user:crm-sync");
  EXPECT_TRUE((*identity)->scopes.contains("contacts:persons:read"));
  EXPECT_FALSE((*identity)->platform_admin);
}

TEST_F(BasicVerifierTest, AnUnknownUserAndAWrongPasswordAreRefusedAlikeAtTheSameCost) {
  absl::Status wrong = verifier_.Verify(Basic("crm-sync:" + password_ + "x"), kNow).status();
  EXPECT_EQ(verifier_.hashes_checked(), 1);
  absl::Status unknown = verifier_.Verify(Basic("nobody:" + password_), kNow).status();
  EXPECT_EQ(verifier_.hashes_checked(), 2);
  EXPECT_EQ(wrong.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong, unknown);
  // Failures are never cached: each attempt pays again.
  EXPECT_FALSE(verifier_.Verify(Basic("nobody:" + password_), kNow).ok());
  EXPECT_EQ(verifier_.hashes_checked(), 3);
}

TEST_F(BasicVerifierTest, ANameNoUserCanHaveIsRefusedWithoutALookupAtTheSameCost) {
  // "\xff\xfe" is not UTF-8: the database would refuse it as a parameter.
  for (const std::string& name :
       {std::string("\xff\xfe"), std::string("ab"), std::string(65, 'a')}) {
    EXPECT_EQ(verifier_.Verify(Basic(name + ":pw"), kNow).status(),
              verifier_.Verify(Basic("nobody:pw"), kNow).status());
  }
  EXPECT_EQ(lookups_, 3);  // only "nobody" was looked up
  EXPECT_EQ(verifier_.hashes_checked(), 6);
}

TEST_F(BasicVerifierTest, MalformedCredentialsAreRefusedWithoutAHashOrALookup) {
  for (const std::string& credentials :
       {std::string("not base64!"), Basic("no-colon"), std::string(600, 'A')}) {
    EXPECT_EQ(verifier_.Verify(credentials, kNow).status().code(),
              absl::StatusCode::kUnauthenticated)
        << credentials;
  }
  EXPECT_EQ(lookups_, 0);
  EXPECT_EQ(verifier_.hashes_checked(), 0);
}

TEST_F(BasicVerifierTest, VerifiedCredentialsAreCachedUntilForgottenOrStale) {
  const std::string credentials = Basic("crm-sync:" + password_);
  ASSERT_TRUE(verifier_.Verify(credentials, kNow).ok());
  ASSERT_TRUE(verifier_.Verify(credentials, kNow + absl::Seconds(10)).ok());
  EXPECT_EQ(verifier_.hashes_checked(), 1);
  ASSERT_TRUE(
      verifier_.Verify(credentials, kNow + BasicVerifier::kTrustedFor + absl::Seconds(1)).ok());
  EXPECT_EQ(verifier_.hashes_checked(), 2);
  // A rotated password: the old one is forgotten at once.
  users_["crm-sync"].password_hash = *HashPassword(GeneratePassword());
  verifier_.Forget("crm-sync");
  EXPECT_FALSE(verifier_.Verify(credentials, kNow + absl::Seconds(40)).ok());
}

TEST_F(BasicVerifierTest, AStoreThatCannotAnswerIsUnavailable) {
  store_down_ = true;
  EXPECT_EQ(verifier_.Verify(Basic("crm-sync:" + password_), kNow).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(Passwords, GeneratedPasswordsAreLongRandomAndHashedWithArgon2id) {
  const std::string a = GeneratePassword(), b = GeneratePassword();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  absl::StatusOr<std::string> hash = HashPassword(a);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find(a), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, a));
  EXPECT_FALSE(VerifyPassword(*hash, b));
  EXPECT_FALSE(VerifyPassword("not a hash", a));
}

}  // namespace
}  // namespace consent::auth
