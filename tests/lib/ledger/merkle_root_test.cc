// The checkpoint's Merkle root: as docs/ledger.md spells it, and moved by any head's change.
#include "lib/ledger/merkle_root.h"

#include <gtest/gtest.h>

#include "lib/ledger/event_digest.h"

namespace consent::ledger {
namespace {

std::string Leaf(int person, const std::string& hash) {
  std::string leaf(1, '\0');
  leaf += std::string{0, 0, 0, static_cast<char>(person)};
  return Sha256(leaf + hash);
}

std::string Node(const std::string& left, const std::string& right) {
  return Sha256(std::string(1, '\1') + left + right);
}

TEST(MerkleRootTest, FollowsTheDocumentedEncoding) {
  const std::string h1(32, 'a'), h2(32, 'b'), h3(32, 'c');
  EXPECT_EQ(MerkleRoot({}), Sha256(""));
  EXPECT_EQ(MerkleRoot({{1, h1}}), Leaf(1, h1));
  EXPECT_EQ(MerkleRoot({{1, h1}, {2, h2}}), Node(Leaf(1, h1), Leaf(2, h2)));
  // An odd last node moves up unpaired.
  EXPECT_EQ(MerkleRoot({{1, h1}, {2, h2}, {3, h3}}),
            Node(Node(Leaf(1, h1), Leaf(2, h2)), Leaf(3, h3)));
}

TEST(MerkleRootTest, AnyChangedHeadOrPersonMovesTheRoot) {
  const std::string h1(32, 'a'), h2(32, 'b');
  const std::string root = MerkleRoot({{1, h1}, {2, h2}});
  EXPECT_NE(MerkleRoot({{1, h1}, {2, h1}}), root);
  EXPECT_NE(MerkleRoot({{1, h1}, {3, h2}}), root);
  EXPECT_NE(MerkleRoot({{2, h2}, {1, h1}}), root);
}

}  // namespace
}  // namespace consent::ledger

namespace consent::ledger {
namespace {

TEST(MerkleRootTest, EveryLeafsProofLeadsToTheRootAndNoOtherLeafs) {
  for (std::size_t count = 1; count <= 9; ++count) {
    std::vector<ChainHead> heads;
    for (std::size_t i = 0; i < count; ++i) {
      heads.push_back({static_cast<int>(i + 1), std::string(32, static_cast<char>('a' + i))});
    }
    const std::string root = MerkleRoot(heads);
    for (std::size_t i = 0; i < count; ++i) {
      const std::vector<std::string> proof = MerkleProof(heads, i);
      EXPECT_EQ(RootFromProof(MerkleLeaf(heads[i]), i, count, proof), root) << count << "/" << i;
      ChainHead altered = heads[i];
      altered.hash[0] ^= 1;
      EXPECT_NE(RootFromProof(MerkleLeaf(altered), i, count, proof), root);
      if (count > 1) {
        const std::size_t other = (i + 1) % count;
        EXPECT_NE(RootFromProof(MerkleLeaf(heads[i]), other, count, proof), root);
      }
    }
  }
}

}  // namespace
}  // namespace consent::ledger
