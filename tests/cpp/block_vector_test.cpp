// BlockVector: elements keep their addresses as it grows block by block, it indexes, iterates and sorts like a vector,
// copies are deep, and a drain hands its elements over block by block.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>
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

TEST(BlockVector, MergesTwoSortedRunsAsInplaceMergeDoes) {
  std::mt19937_64 rng(9);
  for (const std::size_t n : {0U, 1U, 7U, 8U, 9U, 50U, 203U}) {
    for (const std::size_t mid : {std::size_t{0}, n / 3, n / 2, n}) {
      // Pairs (key, serial): keys repeat, so the stability of the merge shows.
      std::vector<std::pair<int, std::size_t>> plain;
      std::uniform_int_distribution<int> key(0, 20);
      for (std::size_t i = 0; i < n; ++i) plain.emplace_back(key(rng), i);
      const auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
      std::stable_sort(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(mid), by_key);
      std::stable_sort(plain.begin() + static_cast<std::ptrdiff_t>(mid), plain.end(), by_key);
      BlockVector<std::pair<int, std::size_t>, 3> blocks;
      for (const auto& p : plain) blocks.push_back(p);
      std::inplace_merge(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(mid), plain.end(), by_key);
      blocks.merge_runs(mid, by_key);
      ASSERT_EQ(blocks.size(), n);
      EXPECT_TRUE(std::equal(blocks.begin(), blocks.end(), plain.begin(), plain.end())) << n << " split at " << mid;
    }
  }
}

}  // namespace
}  // namespace learnloop
