// Idempotency keys as a request carries them and the choice a remembered answer leaves
// (server/common/idempotency.h): no database.
#include <gtest/gtest.h>

#include "lib/wire/status_details.h"
#include "proto/consent/v1/persons.pb.h"
#include "server/common/idempotency.h"

namespace consent {
namespace {

v1::SetPersonConsentRequest Request(const std::string& key, const std::string& description = "") {
  v1::SetPersonConsentRequest request;
  request.set_person_id(7);
  request.mutable_consent()->set_status(v1::granted);
  request.mutable_consent()->set_description(description);
  request.set_request_id(key);
  return request;
}

IdempotencyKey KeyOf(const v1::SetPersonConsentRequest& request, const CallContext& call = {}) {
  absl::StatusOr<IdempotencyKey> key = IdempotencyKeyOf(call, "SetPersonConsent", request);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.value_or(IdempotencyKey{});
}

TEST(IdempotencyKeyTest, ARequestWithoutAKeyHasNone) {
  IdempotencyKey key = KeyOf(Request(""));
  EXPECT_TRUE(key.empty());
  EXPECT_TRUE(key.fingerprint.empty());
  // Nor does a request type without the field.
  absl::StatusOr<IdempotencyKey> none =
      IdempotencyKeyOf(CallContext{}, "GetPerson", v1::GetPersonRequest());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(IdempotencyKeyTest, AKeyIsBoundedAsARequestIdIs) {
  EXPECT_FALSE(KeyOf(Request(std::string(128, 'k'))).empty());
  for (const std::string& bad : {std::string(129, 'k'), std::string("tab\there"),
                                 std::string("caf\xc3\xa9"), std::string("nl\n")}) {
    absl::StatusOr<IdempotencyKey> key = IdempotencyKeyOf({}, "SetPersonConsent", Request(bad));
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(wire::ViolatedFields(key.status()), std::vector<std::string>{"requestId"});
  }
}

TEST(IdempotencyKeyTest, TheFingerprintIsTheRequestAndItsPrecondition) {
  IdempotencyKey key = KeyOf(Request("k1", "form"));
  EXPECT_EQ(key.method, "SetPersonConsent");
  EXPECT_EQ(key.key, "k1");
  EXPECT_EQ(key.field, "requestId");
  EXPECT_EQ(key.fingerprint.size(), 32u);
  EXPECT_EQ(KeyOf(Request("k1", "form")).fingerprint, key.fingerprint);
  EXPECT_NE(KeyOf(Request("k1", "other")).fingerprint, key.fingerprint);
  CallContext with_if_match;
  with_if_match.if_match = "\"3\"";
  EXPECT_NE(KeyOf(Request("k1", "form"), with_if_match).fingerprint, key.fingerprint);
  CallContext empty_if_match;
  empty_if_match.if_match = "";
  EXPECT_NE(KeyOf(Request("k1", "form"), empty_if_match).fingerprint, key.fingerprint);
}

TEST(IdempotencyKeyTest, ARememberedAnswerIsReplayedRefusedOrForgotten) {
  IdempotencyKey key = KeyOf(Request("k1", "form"));
  RememberedAnswer same{.fingerprint = key.fingerprint, .response = "", .version = 4};
  auto replay = Replayable(key, same);
  ASSERT_TRUE(replay.ok());
  ASSERT_TRUE(replay->has_value());
  EXPECT_EQ((*replay)->version, 4);

  RememberedAnswer other = same;
  other.fingerprint = KeyOf(Request("k1", "other")).fingerprint;
  auto refused = Replayable(key, other);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wire::ViolatedFields(refused.status()), std::vector<std::string>{"requestId"});

  RememberedAnswer legacy = same;  // kept before fingerprints were: replayed as before
  legacy.fingerprint.clear();
  EXPECT_TRUE(Replayable(key, legacy).value().has_value());

  RememberedAnswer old = other;  // past the retention, even another request's: a new call
  old.age_seconds = absl::ToDoubleSeconds(IdempotencyRetention()) + 1;
  auto forgotten = Replayable(key, old);
  ASSERT_TRUE(forgotten.ok());
  EXPECT_FALSE(forgotten->has_value());
}

}  // namespace
}  // namespace consent
