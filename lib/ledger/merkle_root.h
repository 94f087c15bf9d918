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

// The leaf of one chain head.
std::string MerkleLeaf(const ChainHead& head);

// The sibling hashes on the way from leaf `index` of `heads` up to the root (a level where
// the node moves up unpaired contributes none): with the leaf, its index and the number of
// leaves, they give the root back (RootFromProof).
std::vector<std::string> MerkleProof(const std::vector<ChainHead>& heads, std::size_t index);

// The root that `leaf` at `index` of `count` leaves and its `siblings` lead to; empty when
// the proof does not fit the position.
std::string RootFromProof(std::string leaf, std::size_t index, std::size_t count,
                          const std::vector<std::string>& siblings);

}  // namespace consent::ledger
