#pragma once
// The Merkle root a checkpoint signs over a tenant's chain heads (docs/ledger.md):
//
//   leaf = SHA-256(0x00 || person id as 4 bytes big-endian || head hash)
//   node = SHA-256(0x01 || left || right); a last node without a partner moves up as it is
//   root of no chains = SHA-256 of nothing
//
// Leaves in ascending person id. Shared by the server and consentctl's offline verify.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace consent::ledger {

struct ChainHead {
  std::int32_t person_id = 0;
  std::string hash;  // raw 32 bytes
};

// Raw 32 bytes; `heads` in ascending person id.
std::string MerkleRoot(const std::vector<ChainHead>& heads);

}  // namespace consent::ledger
