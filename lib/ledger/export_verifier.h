#pragma once
// Offline verification of a person's export (GET /v1/persons/{id}:export, JSON or NDJSON):
// every chain recomputed from the events' content, each event's details checked against
// their salted digest where they are still held, and the checkpoint's signature and the
// chain's Merkle proof checked against the signed root. What `consentctl ledger verify`
// runs; the server never needs it.
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <nlohmann/json.hpp>

namespace consent::ledger {

struct ExportCheck {
  // Empty when everything verified; else what failed first, naming the event.
  std::string broken;
  std::string broken_event_id;  // the first event that does not verify, if one
  int chains = 0;
  int events = 0;
  bool checkpoint_signed = false;    // its JWS verified with the keys given
  bool chain_in_checkpoint = false;  // the chain proof leads to the checkpoint's root
};

// `items`: the export's items in order. `jwks`: the ledger's keys (GET /v1/ledger/keys);
// without them the checkpoint's signature is not checked. `tenant`: needed only when the
// export holds no checkpoint (the hashes commit to the tenant). INVALID_ARGUMENT when the
// export cannot be read at all (not the API's items).
absl::StatusOr<ExportCheck> VerifyExport(const std::vector<nlohmann::json>& items,
                                         const std::optional<std::string>& jwks,
                                         std::string tenant = "");

// The export's items from its text: a JSON array, or one JSON object per line.
absl::StatusOr<std::vector<nlohmann::json>> ReadExport(const std::string& text);

}  // namespace consent::ledger
