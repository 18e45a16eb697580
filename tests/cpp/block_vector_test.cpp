// BlockVector: elements keep their addresses as it grows block by block, it indexes, iterates and sorts like a vector,
// copies are deep, and a drain hands its elements over block by block.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "learnloop/core/block_vector.hpp"

namespace learnloop {
namespace {

TEST(BlockVector, GrowsWithoutMovingAndMatchesAVector) {
  BlockVector<double, 4> blocks;  // 16 a block: many blocks
  std::vector<double> plain;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0, 1);
  EXPECT_TRUE(blocks.empty());
  blocks.push_back(0.5);
  plain.push_back(0.5);
  const double* first = &blocks[0];
  for (int i = 0; i < 1000; ++i) {
    plain.push_back(unit(rng));
    blocks.push_back(plain.back());
  }
  EXPECT_EQ(first, &blocks[0]);  // never moved
  ASSERT_EQ(blocks.size(), plain.size());
  EXPECT_TRUE(std::equal(blocks.begin(), blocks.end(), plain.begin(), plain.end()));
  EXPECT_EQ(blocks.back(), plain.back());
  const BlockVector<double, 4> copy = blocks;
  std::sort(blocks.begin(), blocks.end());
  std::sort(plain.begin(), plain.end());
  EXPECT_TRUE(std::equal(blocks.begin(), blocks.end(), plain.begin(), plain.end()));
  EXPECT_NE(copy[0], blocks[0]);  // the copy kept the unsorted order
  EXPECT_EQ(std::lower_bound(blocks.begin(), blocks.end(), 0.5) - blocks.begin(),
            std::lower_bound(plain.begin(), plain.end(), 0.5) - plain.begin());
  blocks.clear();
  EXPECT_EQ(blocks.size(), 0u);
  EXPECT_EQ(blocks.begin(), blocks.end());
}

TEST(BlockVector, DrainHandsEveryElementOverInOrderAndEndsEmpty) {
  BlockVector<int, 2> from;  // 4 a block
  for (int i = 0; i < 11; ++i) from.push_back(i);
  BlockVector<int, 2> to;
  to.push_back(-1);
  from.drain([&](int v) { to.push_back(v); });
  EXPECT_TRUE(from.empty());
  ASSERT_EQ(to.size(), 12u);
  for (std::size_t i = 0; i < to.size(); ++i) EXPECT_EQ(to[i], static_cast<int>(i) - 1);
  from.push_back(7);  // usable again
  EXPECT_EQ(from[0], 7);
}

TEST(BlockVector, MergesTwoSortedRunsInPlace) {
  BlockVector<int, 3> runs;
  for (int i = 0; i < 50; i += 2) runs.push_back(i);
  for (int i = 1; i < 50; i += 2) runs.push_back(i);
  std::inplace_merge(runs.begin(), runs.begin() + 25, runs.end());
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i], static_cast<int>(i));
}

}  // namespace
}  // namespace learnloop
