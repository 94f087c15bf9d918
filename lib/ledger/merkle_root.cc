#include "lib/ledger/merkle_root.h"

#include "lib/ledger/event_digest.h"

namespace consent::ledger {

std::string MerkleRoot(const std::vector<ChainHead>& heads) {
  if (heads.empty()) return Sha256("");
  std::vector<std::string> level;
  level.reserve(heads.size());
  for (const ChainHead& head : heads) {
    const auto id = static_cast<std::uint32_t>(head.person_id);
    std::string leaf(1, '\0');
    for (int shift = 24; shift >= 0; shift -= 8) leaf += static_cast<char>((id >> shift) & 0xff);
    leaf += head.hash;
    level.push_back(Sha256(leaf));
  }
  while (level.size() > 1) {
    std::vector<std::string> up;
    up.reserve((level.size() + 1) / 2);
    for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
      up.push_back(Sha256(std::string(1, '\1') + level[i] + level[i + 1]));
    }
    if (level.size() % 2 == 1) up.push_back(std::move(level.back()));
    level = std::move(up);
  }
  return level.front();
}

}  // namespace consent::ledger
