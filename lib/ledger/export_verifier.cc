#include "lib/ledger/export_verifier.h"

#include <map>
#include <sstream>

#include <absl/strings/str_cat.h>
#include <google/protobuf/util/json_util.h>

#include "lib/ledger/event_digest.h"
#include "lib/ledger/ledger_signature.h"
#include "lib/ledger/merkle_root.h"
#include "proto/consent/v1/ledger.pb.h"

namespace consent::ledger {
namespace {

absl::StatusOr<v1::ConsentEvent> EventOf(const nlohmann::json& json) {
  v1::ConsentEvent event;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(json.dump(), &event, options).ok()) {
    return absl::InvalidArgumentError("an event of the export is not a ConsentEvent");
  }
  return event;
}

std::string Named(const v1::ConsentEvent& e, const std::string& what) {
  return absl::StrCat("event ", e.event_id(), " (person ", e.person_id(), ", sequence ",
                      e.sequence(), "): ", what);
}

// The first failure of one person's chain (events in sequence order), or "".
std::string CheckChain(const std::string& tenant, const std::vector<v1::ConsentEvent>& chain,
                       std::string* broken_id) {
  std::string prev = GenesisHash();
  long long expected = 1;
  for (const v1::ConsentEvent& e : chain) {
    std::string problem;
    if (e.sequence() != expected) {
      problem = absl::StrCat("sequence ", e.sequence(), " where ", expected, " was due");
    } else if (FromHex(e.prev_hash()) != prev) {
      problem = "prevHash is not the previous event's hash";
    } else if (!e.details_salt().empty() &&
               ToHex(DetailsDigest(FromHex(e.details_salt()), e)) != e.details_digest()) {
      problem = "its description or evidence does not match its details digest";
    } else if (ToHex(ChainHash(prev, ContentDigest(tenant, e))) != e.hash()) {
      problem = "its hash does not match its content";
    }
    if (!problem.empty()) {
      *broken_id = e.event_id();
      return Named(e, problem);
    }
    prev = FromHex(e.hash());
    ++expected;
  }
  return "";
}

// The checkpoint's fields as its JWS signs them.
bool SignedAsShown(const nlohmann::json& checkpoint, const std::string& payload) {
  const nlohmann::json signed_fields = nlohmann::json::parse(payload, nullptr, false);
  if (!signed_fields.is_object()) return false;
  for (const char* key : {"tenant", "root", "issuedAt", "keyId"}) {
    if (signed_fields.value(key, "") != checkpoint.value(key, "")) return false;
  }
  // int64 counts are JSON strings in the API's mapping, numbers in the signed payload.
  for (const char* key : {"chains", "events"}) {
    const auto& shown = checkpoint.contains(key) ? checkpoint[key] : nlohmann::json();
    const std::string text = shown.is_string() ? shown.get<std::string>() : shown.dump();
    if (!signed_fields.contains(key) || signed_fields[key].dump() != text) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<nlohmann::json>> ReadExport(const std::string& text) {
  const nlohmann::json whole = nlohmann::json::parse(text, nullptr, false);
  if (whole.is_array()) return std::vector<nlohmann::json>(whole.begin(), whole.end());
  std::vector<nlohmann::json> items;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json item = nlohmann::json::parse(line, nullptr, false);
    if (!item.is_object()) {
      return absl::InvalidArgumentError("the export is neither a JSON array nor NDJSON");
    }
    items.push_back(std::move(item));
  }
  return items;
}

absl::StatusOr<ExportCheck> VerifyExport(const std::vector<nlohmann::json>& items,
                                         const std::optional<std::string>& jwks,
                                         std::string tenant) {
  std::map<int, std::vector<v1::ConsentEvent>> chains;
  const nlohmann::json* checkpoint = nullptr;
  const nlohmann::json* proof = nullptr;
  for (const nlohmann::json& item : items) {
    if (!item.is_object()) return absl::InvalidArgumentError("an export item is not an object");
    if (item.contains("event") && item["event"].is_object()) {
      auto event = EventOf(item["event"]);
      if (!event.ok()) return event.status();
      chains[event->person_id()].push_back(*std::move(event));
    } else if (item.contains("checkpoint") && item["checkpoint"].is_object()) {
      checkpoint = &item["checkpoint"];
    } else if (item.contains("chainProof") && item["chainProof"].is_object()) {
      proof = &item["chainProof"];
    }
  }
  if (checkpoint != nullptr) tenant = checkpoint->value("tenant", tenant);
  if (tenant.empty()) {
    return absl::InvalidArgumentError("the export holds no checkpoint: name its tenant");
  }
  ExportCheck check;
  check.chains = static_cast<int>(chains.size());
  for (auto& [person, chain] : chains) {
    std::sort(chain.begin(), chain.end(),
              [](const auto& a, const auto& b) { return a.sequence() < b.sequence(); });
    check.events += static_cast<int>(chain.size());
    if (check.broken.empty()) check.broken = CheckChain(tenant, chain, &check.broken_event_id);
  }
  if (checkpoint == nullptr) return check;
  if (jwks) {
    auto payload = VerifyJws(checkpoint->value("jws", ""), *jwks);
    check.checkpoint_signed = payload.ok() && SignedAsShown(*checkpoint, *payload);
    if (!check.checkpoint_signed && check.broken.empty()) {
      check.broken = "the checkpoint's signature does not verify with the keys given";
    }
  }
  if (proof != nullptr) {
    v1::ChainProof p;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(proof->dump(), &p, options).ok()) {
      return absl::InvalidArgumentError("the chain proof is not a ChainProof");
    }
    const auto chain = chains.find(p.person_id());
    std::vector<std::string> siblings;
    for (const std::string& s : p.siblings()) siblings.push_back(FromHex(s));
    const std::string root = RootFromProof(MerkleLeaf({p.person_id(), FromHex(p.head_hash())}),
                                           static_cast<std::size_t>(p.leaf_index()),
                                           static_cast<std::size_t>(p.leaf_count()), siblings);
    check.chain_in_checkpoint = chain != chains.end() &&
                                chain->second.back().hash() == p.head_hash() && !root.empty() &&
                                ToHex(root) == checkpoint->value("root", "");
    if (!check.chain_in_checkpoint && check.broken.empty()) {
      check.broken = "the chain's head is not the one the checkpoint signed";
    }
  }
  return check;
}

}  // namespace consent::ledger
