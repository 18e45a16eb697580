// One conformance suite for every bandit policy (the same checks run in node:test): bad input is
// rejected with a clear message and changes nothing, the same seed gives the same choices,
// save/load continues identically, propensities are probabilities, arms come and go, and merge
// of two shards equals one bandit that saw everything.
#include <gtest/gtest.h>

#include <cmath>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {
namespace {

BanditConfig config_for(const std::string& policy, std::uint64_t seed = 7) {
  BanditConfig c;
  c.policy = policy;
  c.arms = {"a", "b", "c"};
  c.dim = (policy == "linucb" || policy == "lints") ? 3 : 0;
  c.seed = seed;
  return c;
}

std::unique_ptr<Bandit> make(const std::string& policy, std::uint64_t seed = 7) {
  auto made = make_bandit(config_for(policy, seed));
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
  return std::move(made).value();
}

// A context for round i (empty for context-free policies).
std::vector<double> context(const Bandit& b, int i) {
  if (b.context_dim() == 0) return {};
  return {1.0, std::sin(i * 0.7), std::cos(i * 1.3)};
}

// Feeds `rounds` select/update steps with a deterministic reward rule.
void feed(Bandit& b, int rounds, int offset = 0) {
  for (int i = offset; i < offset + rounds; ++i) {
    const auto ctx = context(b, i);
    const std::size_t arm = b.select(ctx).value().arm;
    ASSERT_TRUE(b.update(arm, (i + static_cast<int>(arm)) % 3 == 0 ? 1.0 : 0.0, ctx).ok());
  }
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, RejectedCallsLeaveTheStateUnchanged) {
  auto b = make(GetParam());
  feed(*b, 20);
  const std::string before = b->to_json();
  const auto ctx = context(*b, 0);
  Status s = b->update(3, 1.0, ctx);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "arm 3 does not exist; expected an arm index in [0, 3)");
  EXPECT_EQ(b->update(0, std::nan(""), ctx).error().message, "reward is nan; expected a finite number in [0, 1]");
  EXPECT_FALSE(b->update(0, INFINITY, ctx).ok());
  EXPECT_FALSE(b->update(0, 1.5, ctx).ok());
  EXPECT_FALSE(b->update(0, 1.0, {1, 2, 3, 4, 5}).ok());
  EXPECT_FALSE(b->select({1, 2, 3, 4, 5}).ok());
  std::vector<double> contexts;
  for (int i = 0; i < 3; ++i)
    for (double x : ctx) contexts.push_back(x);
  Status batch = b->update_batch({0, 1, 7}, {1, 0, 1}, contexts);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.error().message.rfind("entry 2: arm 7 does not exist", 0), 0u) << batch.error().message;
  EXPECT_FALSE(b->update_batch({0}, {1, 0}, contexts).ok());
  EXPECT_FALSE(b->add_arm("a").ok());
  EXPECT_FALSE(b->add_arm("").ok());
  EXPECT_FALSE(b->remove_arm(9).ok());
  EXPECT_EQ(b->to_json(), before);
}

TEST_P(Conformance, SameSeedSameChoices) {
  auto a = make(GetParam(), 11);
  auto b = make(GetParam(), 11);
  for (int i = 0; i < 200; ++i) {
    const auto ctx = context(*a, i);
    const Selection x = a->select(ctx).value();
    const Selection y = b->select(ctx).value();
    ASSERT_EQ(x.arm, y.arm);
    ASSERT_TRUE(std::isnan(x.propensity) ? std::isnan(y.propensity) : x.propensity == y.propensity);
    const double reward = i % 4 == 0 ? 1.0 : 0.0;
    ASSERT_TRUE(a->update(x.arm, reward, ctx).ok());
    ASSERT_TRUE(b->update(y.arm, reward, ctx).ok());
  }
  EXPECT_EQ(a->to_json(), b->to_json());
}

TEST_P(Conformance, SaveLoadRoundTripContinuesIdentically) {
  auto a = make(GetParam(), 21);
  feed(*a, 60);
  const std::string saved = a->to_json();
  auto restored = bandit_from_json(saved);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  auto b = std::move(restored).value();
  EXPECT_EQ(b->to_json(), saved);
  for (int i = 0; i < 100; ++i) {
    const auto ctx = context(*a, i);
    const Selection x = a->select(ctx).value();
    ASSERT_EQ(x.arm, b->select(ctx).value().arm) << "round " << i;
    ASSERT_TRUE(a->update(x.arm, 1.0, ctx).ok());
    ASSERT_TRUE(b->update(x.arm, 1.0, ctx).ok());
  }
}

TEST_P(Conformance, PropensitiesAreProbabilities) {
  auto b = make(GetParam());
  for (int i = 0; i < 100; ++i) {
    const auto ctx = context(*b, i);
    const Selection s = b->select(ctx).value();
    ASSERT_GT(s.propensity, 0.0);
    ASSERT_LE(s.propensity, 1.0);
    ASSERT_TRUE(b->update(s.arm, i % 2, ctx).ok());
  }
}

TEST_P(Conformance, ArmsCanBeAddedAndRemoved) {
  auto b = make(GetParam());
  feed(*b, 30);
  ASSERT_TRUE(b->add_arm("d").ok());
  EXPECT_EQ(b->arm_count(), 4u);
  EXPECT_EQ(b->stats(3).pulls, 0);
  const double pulls_c = b->stats(2).pulls;
  ASSERT_TRUE(b->remove_arm(1).ok());
  EXPECT_EQ(b->arm_names(), (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_EQ(b->stats(1).pulls, pulls_c);
  EXPECT_EQ(b->arm_index("d").value(), 2u);
  EXPECT_EQ(b->arm_index("b").error().code, ErrorCode::kNotFound);
  feed(*b, 30);
  auto restored = bandit_from_json(b->to_json());
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored.value()->arm_names(), b->arm_names());
}

TEST_P(Conformance, ResetForgetsLearning) {
  auto b = make(GetParam());
  feed(*b, 30);
  b->reset();
  auto fresh = make(GetParam());
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(b->stats(i).pulls, 0);
  const std::string state = b->to_json();
  const std::string fresh_state = fresh->to_json();
  EXPECT_EQ(state.substr(0, state.find("\"format\"")),
            fresh_state.substr(0, fresh_state.find("\"format\"")));  // arms and config
}

TEST_P(Conformance, MergingShardsEqualsOneBanditThatSawEverything) {
  auto whole = make(GetParam());
  auto shard1 = make(GetParam());
  auto shard2 = make(GetParam());
  for (int i = 0; i < 200; ++i) {
    const auto ctx = context(*whole, i);
    const std::size_t arm = static_cast<std::size_t>(i % 3);
    const double reward = (i * 7) % 5 == 0 ? 1.0 : 0.0;
    ASSERT_TRUE(whole->update(arm, reward, ctx).ok());
    ASSERT_TRUE((i < 120 ? *shard1 : *shard2).update(arm, reward, ctx).ok());
  }
  ASSERT_TRUE(shard1->add_arm("only_in_1").ok());
  ASSERT_TRUE(shard1->merge(*shard2).ok());
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(shard1->stats(i).pulls, whole->stats(i).pulls);
    EXPECT_DOUBLE_EQ(shard1->stats(i).successes, whole->stats(i).successes);
    EXPECT_DOUBLE_EQ(shard1->stats(i).reward_sum, whole->stats(i).reward_sum);
    const double a = shard1->estimate(i), b = whole->estimate(i);
    EXPECT_TRUE(std::isnan(a) ? std::isnan(b) : std::abs(a - b) < 1e-12);
  }
  // Decisions agree too: a deterministic policy picks the same arm for the same context.
  if (GetParam() == "linucb" || GetParam() == "ucb1") {
    auto merged_copy = bandit_from_json(shard1->to_json()).value();
    ASSERT_TRUE(merged_copy->remove_arm(3).ok());
    for (int i = 0; i < 20; ++i) {
      const auto ctx = context(*whole, 1000 + i);
      EXPECT_EQ(merged_copy->select(ctx).value().arm, whole->select(ctx).value().arm);
    }
  }
  auto other_policy = make(GetParam() == "thompson" ? "ucb1" : "thompson");
  EXPECT_FALSE(shard1->merge(*other_policy).ok());
}

TEST_P(Conformance, LoaderRejectsGarbageOtherFormatsAndNewerVersions) {
  EXPECT_EQ(bandit_from_json("{not json").error().code, ErrorCode::kParseError);
  EXPECT_EQ(bandit_from_json(R"({"format":"learnloop.thompson","version":1})").error().code,
            ErrorCode::kUnsupportedVersion);
  std::string newer = make(GetParam())->to_json();
  newer.replace(newer.find("\"version\":2"), 11, "\"version\":3");
  auto future = bandit_from_json(newer);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(future.error().message.find("reads versions 1 to 2"), std::string::npos);
  std::string negative = make(GetParam())->to_json();
  negative.replace(negative.find("\"pulls\":0,"), 10, "\"pulls\":-1,");  // counts are written as integers
  EXPECT_NE(bandit_from_json(negative).error().message.find("\"pulls\" must be >= 0"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllPolicies, Conformance,
                         ::testing::Values("thompson", "ucb1", "epsilon-greedy", "linucb", "lints"),
                         [](const auto& info) {
                           std::string name = info.param;
                           name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                           return name;
                         });

TEST(BanditConfig, ValidationNamesTheSettingAndTheExpectedValue) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"policy":"greedy"})",
       "unknown policy 'greedy'; expected one of: thompson, ucb1, epsilon-greedy, linucb, lints"},
      {R"({"policy":"linucb","arms":2})", "linucb needs a context: dim is 0; expected dim >= 1"},
      {R"({"policy":"ucb1","dim":3})", "ucb1 is context-free: dim is 3; expected 0 (use linucb or lints for contexts)"},
      {R"({"epsilon":1.5,"policy":"epsilon-greedy"})", "epsilon is 1.5; expected a number in [0, 1]"},
      {R"({"prior_alpha":0})", "prior_alpha is 0; expected a number > 0"},
      {R"({"discount":0})", "discount is 0; expected a number in (0, 1] (1 = no discount)"},
      {R"({"discount":0.9,"window":10})", "discount and window are both set; expected one way of forgetting, not both"},
      {R"({"arms":["x","x"]})", "arm name 'x' appears twice; expected unique names"},
      {R"({"arms":2.5})", "arms is 2.5; expected a list of names or a count"},
      {R"({"seed":-1})", "seed is -1; expected an integer in [0, 2^53-1]"},
      {R"({"epsilonn":0.2})", "unknown bandit setting 'epsilonn'"},
  };
  for (const Case& c : cases) {
    auto config = bandit_config_from_json(c.json);
    ASSERT_FALSE(config.ok()) << c.json;
    EXPECT_EQ(config.error().message.rfind(c.message, 0), 0u) << c.json << " -> " << config.error().message;
  }
  EXPECT_EQ(bandit_config_from_json(R"({"arms":3})").value().arms, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(Bandit, SelectWithoutArmsIsAnError) {
  BanditConfig c;
  auto b = make_bandit(c).value();
  EXPECT_EQ(b->select().error().message, "the bandit has no arms; add one with add_arm first");
  ASSERT_TRUE(b->add_arm("first").ok());
  EXPECT_EQ(b->select().value().arm, 0u);
}

}  // namespace
}  // namespace learnloop
