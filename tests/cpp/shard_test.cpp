// Shard specs and the per-id shard rule of the sharded learning run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/core/shard.hpp"

namespace learnloop {
namespace {

TEST(ShardSpec, ParsesIndexAndCount) {
  Result<ShardSpec> spec = parse_shard_spec("1/2");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec.value().index, 1u);
  EXPECT_EQ(spec.value().count, 2u);
  EXPECT_TRUE(parse_shard_spec("0/1").ok());
  EXPECT_TRUE(parse_shard_spec("4095/4096").ok());
}

TEST(ShardSpec, RefusesOutOfRangeAndMalformedSpecsSayingWhatIsExpected) {
  for (const char* bad : {"3/2", "2/2", "0/0", "1/0", "-1/2", "1", "a/b", "1/2/3", "/2", "1/", "0/4097", " 0/2", ""}) {
    Result<ShardSpec> spec = parse_shard_spec(bad);
    ASSERT_FALSE(spec.ok()) << bad;
    EXPECT_NE(spec.error().message.find("expected i/N"), std::string::npos) << spec.error().message;
  }
  EXPECT_NE(parse_shard_spec("3/2").error().message.find("out of range"), std::string::npos);
  EXPECT_NE(parse_shard_spec("0/0").error().message.find("0 shards"), std::string::npos);
}

TEST(ShardOf, PutsEveryIdInExactlyOneShardAndSplitsEvenly) {
  constexpr std::uint32_t kShards = 3;
  std::vector<int> sizes(kShards, 0);
  for (int i = 0; i < 30000; ++i) {
    const std::string id = "c" + std::to_string(i);
    int owners = 0;
    for (std::uint32_t s = 0; s < kShards; ++s) owners += in_shard(id, ShardSpec{s, kShards}) ? 1 : 0;
    ASSERT_EQ(owners, 1) << id;
    ++sizes[shard_of(id, kShards)];
  }
  for (const int size : sizes) EXPECT_NEAR(size, 10000, 500);
  EXPECT_TRUE(in_shard("anything", ShardSpec{}));
}

TEST(ShardOf, IsAFixedFunctionOfTheId) {
  // Stored partials name their shard by this rule, and hosts running shards must agree on it: it must never change.
  // (Values from FNV-1a 64 and the multiply-shift computed independently of the code.)
  std::vector<std::uint32_t> of16;
  std::vector<std::uint32_t> of2;
  for (const char* id : {"c1", "c2", "post-0001", "x", ""}) {
    of16.push_back(shard_of(id, 16));
    of2.push_back(shard_of(id, 2));
  }
  EXPECT_EQ(of16, (std::vector<std::uint32_t>{7, 1, 8, 12, 15}));
  EXPECT_EQ(of2, (std::vector<std::uint32_t>{0, 0, 1, 1, 1}));
}

}  // namespace
}  // namespace learnloop
