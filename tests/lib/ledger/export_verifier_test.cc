// Reading and verifying an export offline: what the verifier refuses to read, and a chain
// built here with the ledger's own encoding, verified, then altered.
#include "lib/ledger/export_verifier.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "lib/ledger/event_digest.h"

namespace consent::ledger {
namespace {

TEST(ExportVerifierTest, ReadsAJsonArrayOrNdjsonAndNothingElse) {
  auto array = ReadExport(R"([{"person":{}},{"event":{}}])");
  ASSERT_TRUE(array.ok());
  EXPECT_EQ(array->size(), 2u);
  auto lines = ReadExport("{\"person\":{}}\n\n{\"event\":{}}\n");
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(lines->size(), 2u);
  EXPECT_FALSE(ReadExport("{\"person\":{}}\nnot json\n").ok());
}

// `count` chained events of person 7 in tenant "t", as the export's JSON items.
std::vector<nlohmann::json> Chain(int count) {
  std::vector<nlohmann::json> items;
  std::string prev = GenesisHash();
  for (int i = 1; i <= count; ++i) {
    v1::ConsentEvent e;
    e.set_event_id("00000000-0000-0000-0000-00000000000" + std::to_string(i));
    e.set_person_id(7);
    e.set_consent_purpose_id(3);
    e.set_state(i % 2 == 1 ? v1::ConsentEvent::granted : v1::ConsentEvent::withdrawn);
    e.set_collected_at("2026-12-01T10:00:00.000000Z");
    e.set_recorded_at("2026-12-01T10:00:00.000000Z");
    e.set_description("note " + std::to_string(i));
    e.set_details_salt(ToHex(std::string(16, 's')));
    e.set_details_digest(ToHex(DetailsDigest(std::string(16, 's'), e)));
    e.set_sequence(i);
    e.set_prev_hash(ToHex(prev));
    prev = ChainHash(prev, ContentDigest("t", e));
    e.set_hash(ToHex(prev));
    std::string text;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(e, &text).ok());
    items.push_back({{"event", nlohmann::json::parse(text)}});
  }
  return items;
}

TEST(ExportVerifierTest, AnIntactChainVerifiesAndTheFirstAlteredEventIsNamed) {
  std::vector<nlohmann::json> items = Chain(3);
  auto intact = VerifyExport(items, std::nullopt, "t");
  ASSERT_TRUE(intact.ok()) << intact.status();
  EXPECT_EQ(intact->broken, "");
  EXPECT_EQ(intact->events, 3);
  EXPECT_EQ(intact->chains, 1);

  auto other_tenant = VerifyExport(items, std::nullopt, "u");
  ASSERT_TRUE(other_tenant.ok());
  EXPECT_NE(other_tenant->broken, "");  // the hashes commit to the tenant

  std::vector<nlohmann::json> altered = items;
  altered[1]["event"]["state"] = "granted";
  auto state = VerifyExport(altered, std::nullopt, "t");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->broken_event_id, items[1]["event"]["eventId"]);

  altered = items;
  altered[2]["event"]["description"] = "rewritten";
  auto details = VerifyExport(altered, std::nullopt, "t");
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->broken_event_id, items[2]["event"]["eventId"]);
  EXPECT_NE(details->broken.find("details digest"), std::string::npos) << details->broken;

  altered = items;
  altered.erase(altered.begin() + 1);  // an event left out
  auto gap = VerifyExport(altered, std::nullopt, "t");
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(gap->broken_event_id, items[2]["event"]["eventId"]);

  EXPECT_FALSE(VerifyExport(items, std::nullopt).ok());  // no checkpoint, no tenant
}

}  // namespace
}  // namespace consent::ledger
