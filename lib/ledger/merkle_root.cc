#include "lib/ledger/merkle_root.h"

#include "lib/ledger/event_digest.h"

namespace consent::ledger {
namespace {

std::string Node(const std::string& left, const std::string& right) {
  return Sha256(std::string(1, '\1') + left + right);
}

std::vector<std::string> Leaves(const std::vector<ChainHead>& heads) {
  std::vector<std::string> leaves;
  leaves.reserve(heads.size());
  for (const ChainHead& head : heads) leaves.push_back(MerkleLeaf(head));
  return leaves;
}

// The level above `level`.
std::vector<std::string> Up(const std::vector<std::string>& level) {
  std::vector<std::string> up;
  up.reserve((level.size() + 1) / 2);
  for (std::size_t i = 0; i + 1 < level.size(); i += 2) up.push_back(Node(level[i], level[i + 1]));
  if (level.size() % 2 == 1) up.push_back(level.back());
  return up;
}

}  // namespace

std::string MerkleLeaf(const ChainHead& head) {
  const auto id = static_cast<std::uint32_t>(head.person_id);
  std::string leaf(1, '\0');
  for (int shift = 24; shift >= 0; shift -= 8) leaf += static_cast<char>((id >> shift) & 0xff);
  return Sha256(leaf + head.hash);
}

std::string MerkleRoot(const std::vector<ChainHead>& heads) {
  if (heads.empty()) return Sha256("");
  std::vector<std::string> level = Leaves(heads);
  while (level.size() > 1) level = Up(level);
  return level.front();
}

std::vector<std::string> MerkleProof(const std::vector<ChainHead>& heads, std::size_t index) {
  std::vector<std::string> siblings;
  std::vector<std::string> level = Leaves(heads);
  while (level.size() > 1) {
    const std::size_t partner = index ^ 1;
    if (partner < level.size()) siblings.push_back(level[partner]);
    level = Up(level);
    index /= 2;
  }
  return siblings;
}

std::string RootFromProof(std::string node, std::size_t index, std::size_t count,
                          const std::vector<std::string>& siblings) {
  if (index >= count) return "";
  std::size_t used = 0;
  while (count > 1) {
    const std::size_t partner = index ^ 1;
    if (partner < count) {
      if (used == siblings.size()) return "";
      node = index % 2 == 0 ? Node(node, siblings[used]) : Node(siblings[used], node);
      ++used;
    }
    count = (count + 1) / 2;
    index /= 2;
  }
  return used == siblings.size() ? node : "";
}

}  // namespace consent::ledger
