// Unbounded work and memory (issue 16, item 4): `bandit simulate --rounds 4294967295` ran for hours,
// `--dim 4096` with 10 arms took 3.2 GB, a bandit of 1e9 arms ran out of memory, and a 16 MB
// embeddings snapshot made the reader allocate 2.7 GB. Each now has a documented limit and a clear error,
// and inputs inside the limits still work.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hostile_support.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/bandits/simulation.hpp"
#include "learnloop/core/bytes.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/predictors/gbdt.hpp"

namespace learnloop {
namespace {

using hostile::run;

TEST(HostileLimits, SimulationRoundsAreBounded) {
  const CliOutput out = run({"bandit", "simulate", "--probs", "0.1,0.2", "--rounds", "4294967295"});
  EXPECT_EQ(out.exit_code, 2) << out.out;
  EXPECT_NE(out.err.find("rounds is 4294967295; expected an integer in [1, 100000000]"), std::string::npos) << out.err;
  const CliOutput fine = run({"bandit", "simulate", "--probs", "0.1,0.2", "--rounds", "1000", "--json"});
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
}

TEST(HostileLimits, ContextualStateIsBounded) {
  const std::string ten_arms = "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.2";
  const CliOutput out =
      run({"bandit", "simulate", "--policy", "linucb", "--probs", ten_arms, "--dim", "4096", "--rounds", "10"});
  EXPECT_EQ(out.exit_code, 2) << out.out;
  EXPECT_NE(out.err.find("dim is 4096 with 10 arms; expected arms x dim^2 at most 16777216 (dim at most 1295)"),
            std::string::npos)
      << out.err;
  // Within the state limit, the work limit (rounds x arms x (1 + dim^2)) names the rounds it allows.
  const CliOutput work =
      run({"bandit", "simulate", "--policy", "linucb", "--probs", ten_arms, "--dim", "1000", "--rounds", "100000"});
  EXPECT_EQ(work.exit_code, 2) << work.out;
  EXPECT_NE(work.err.find("(at most 999 rounds for this bandit)"), std::string::npos) << work.err;
}

TEST(HostileLimits, ArmCountIsBounded) {
  Result<BanditConfig> huge = bandit_config_from_json(R"({"policy":"thompson","arms":1000000000})");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().message, "arms is 1000000000; expected at most 10000");

  BanditConfig config;
  config.arms.assign(kMaxBanditArms, "");
  for (std::size_t i = 0; i < kMaxBanditArms; ++i) config.arms[i] = "a" + std::to_string(i);
  Result<std::unique_ptr<Bandit>> full = make_bandit(config);
  ASSERT_TRUE(full.ok()) << full.error().message;
  Status more = full.value()->add_arm("one-more");
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().message, "cannot add arm 'one-more': the bandit has 10001 arms; expected at most 10000");
}

TEST(HostileLimits, BoostingRoundsAreBounded) {
  Result<GbdtOptions> huge = gbdt_options_from_json(nlohmann::json{{"n_estimators", 1e9}});
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().message, "n_estimators is 1000000000; expected an integer in 1..10000");
  EXPECT_TRUE(gbdt_options_from_json(nlohmann::json{{"n_estimators", 10000}}).ok());
}

// FNV-1a over the payload, the snapshot format's checksum.
std::uint64_t fnv1a(const std::string& data) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

// A snapshot of one L2 type of dim 1 and m = 256 whose `count` items each take 17 bytes (one-letter id,
// no metadata, no links) and sit on `levels` levels: hnswlib would reserve 2 KB per item and 1 KB per level.
std::string hostile_snapshot(std::uint32_t count, int levels) {
  ByteWriter payload;
  payload.uint(1, 4);  // one type
  payload.str("T");
  payload.uint(1, 4);    // dim
  payload.uint(1, 1);    // metric: L2
  payload.uint(256, 4);  // m
  payload.uint(200, 4);  // ef_construction
  payload.uint(50, 4);   // ef_search
  payload.uint(0, 8);    // exact threshold
  for (int i = 0; i < 4; ++i) payload.uint(i + 1, 8);
  payload.uint(count, 4);
  payload.uint(static_cast<std::uint32_t>(levels), 4);  // top level
  payload.uint(0, 4);                                   // entry point
  for (std::uint32_t slot = 0; slot < count; ++slot) {
    payload.uint(1, 1);
    payload.str(std::string(1, static_cast<char>('a' + slot % 26)) + std::to_string(slot));
    payload.str("");
    payload.f32(static_cast<float>(slot));
    payload.uint(static_cast<std::uint32_t>(levels), 1);
    for (int level = 0; level <= levels; ++level) payload.uint(0, 2);
  }
  ByteWriter out;
  out.raw("LLEMBED\0", 8);
  out.uint(1, 2);
  out.uint(0, 2);
  out.uint(payload.bytes().size(), 8);
  out.uint(fnv1a(payload.bytes()), 8);
  return out.bytes() + payload.bytes();
}

TEST(HostileLimits, ASnapshotCannotClaimMoreMemoryThanItsSizeDescribes) {
  // 200,000 level-0 items: 4 MB of snapshot asking for 413 MB of links.
  const std::string level0 = hostile_snapshot(200000, 0);
  Result<EmbeddingStore> wide = EmbeddingStore::from_bytes(level0);
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().message.find("it would need more memory than a snapshot of its size can describe"),
            std::string::npos)
      << wide.error().message;
  // 30 upper levels per item: 2 bytes of snapshot per level asking for 1 KB each.
  Result<EmbeddingStore> tall = EmbeddingStore::from_bytes(hostile_snapshot(20000, 30));
  ASSERT_FALSE(tall.ok());
  EXPECT_NE(tall.error().message.find("more memory"), std::string::npos) << tall.error().message;
  // The same shape at a size the slack covers still loads.
  Result<EmbeddingStore> small = EmbeddingStore::from_bytes(hostile_snapshot(1000, 0));
  EXPECT_TRUE(small.ok()) << small.error().message;
}

TEST(HostileLimits, BuiltIndexesWithinTheLimitsRoundTrip) {
  // One-dimensional vectors keep the fewest links per item: the worst ratio of memory to snapshot bytes.
  for (std::size_t m : {std::size_t{16}, std::size_t{64}}) {
    EmbeddingStore store;
    EmbeddingTypeSpec spec;
    spec.name = "line";
    spec.dim = 1;
    spec.metric = Metric::kL2;
    spec.hnsw.m = m;
    spec.exact_threshold = 0;
    ASSERT_TRUE(store.define_type(spec).ok());
    for (int i = 0; i < 3000; ++i)
      ASSERT_TRUE(store.store("line", "id" + std::to_string(i), {static_cast<float>(i)}, nullptr).ok());
    Result<EmbeddingStore> back = EmbeddingStore::from_bytes(store.to_bytes());
    ASSERT_TRUE(back.ok()) << "m=" << m << ": " << back.error().message;
    EXPECT_EQ(back.value().count("line").value(), 3000u);
  }
}

}  // namespace
}  // namespace learnloop
