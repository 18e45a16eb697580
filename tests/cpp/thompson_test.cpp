// Conformance of ThompsonSampling: bad input gives clear errors and changes nothing, the same
// seed gives the same choices, save/load continues identically, and it learns the best arm.
#include <gtest/gtest.h>

#include <cmath>

#include "learnloop/bandits/thompson_sampling.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {
namespace {

ThompsonSampling make(std::size_t arms = 3, std::uint64_t seed = 7) {
  return ThompsonSampling::create(arms, {}, seed).value();
}

TEST(Thompson, RejectsInvalidOptionsWithClearMessages) {
  auto no_arms = ThompsonSampling::create(0, {}, 1);
  ASSERT_FALSE(no_arms.ok());
  EXPECT_EQ(no_arms.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(no_arms.error().message.find("at least one arm"), std::string::npos);
  EXPECT_FALSE(ThompsonSampling::create(2, {0.0, 1.0, 0.5}, 1).ok());
  EXPECT_FALSE(ThompsonSampling::create(2, {1.0, -1.0, 0.5}, 1).ok());
  auto threshold = ThompsonSampling::create(2, {1.0, 1.0, 1.0}, 1);
  ASSERT_FALSE(threshold.ok());
  EXPECT_EQ(threshold.error().message, "success threshold must be in [0, 1); got 1");
}

TEST(Thompson, BadUpdatesAreRejectedAndChangeNothing) {
  ThompsonSampling t = make();
  const std::string before = t.to_json();
  Status s = t.update(3, 1.0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "arm 3 does not exist; expected an arm index in [0, 2]");
  EXPECT_FALSE(t.update(0, 1.5).ok());
  EXPECT_FALSE(t.update(0, std::nan("")).ok());
  Status batch = t.update_batch({0, 1, 9}, {1, 0, 1});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.error().message.rfind("entry 2: ", 0), 0u);
  EXPECT_FALSE(t.update_batch({0}, {1, 0}).ok());
  EXPECT_EQ(t.to_json(), before);
}

TEST(Thompson, ThresholdTurnsRatesIntoSuccesses) {
  ThompsonSampling t = ThompsonSampling::create(1, {1.0, 1.0, 0.03}, 0).value();
  ASSERT_TRUE(t.update_batch({0, 0, 0}, {0.045, 0.03, 0.01}).ok());
  EXPECT_EQ(t.arm(0).successes, 1);
  EXPECT_EQ(t.arm(0).failures, 2);
  EXPECT_EQ(t.alpha(0), 2);
  EXPECT_EQ(t.beta(0), 3);
  EXPECT_DOUBLE_EQ(t.arm(0).reward_sum, 0.085);
}

TEST(Thompson, SameSeedSameChoicesDifferentSeedDifferentChoices) {
  ThompsonSampling a = make(5, 11);
  ThompsonSampling b = make(5, 11);
  ThompsonSampling c = make(5, 12);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const std::size_t x = a.select();
    EXPECT_EQ(x, b.select());
    differ += x != c.select();
  }
  EXPECT_GT(differ, 0);
}

TEST(Thompson, SaveLoadRoundTripContinuesIdentically) {
  ThompsonSampling a = make(3, 21);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(a.update(a.select(), i % 3 == 0 ? 1.0 : 0.0).ok());
  const std::string saved = a.to_json();
  auto restored = ThompsonSampling::from_json(saved);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  ThompsonSampling b = std::move(restored).value();
  EXPECT_EQ(b.to_json(), saved);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.select(), b.select());
}

TEST(Thompson, LoaderRejectsGarbageOtherFormatsAndNewerVersions) {
  auto garbage = ThompsonSampling::from_json("{not json");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().code, ErrorCode::kParseError);
  auto other = ThompsonSampling::from_json(R"({"format":"learnloop.ucb1","version":1})");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kUnsupportedVersion);
  std::string newer = make().to_json();
  newer.replace(newer.find("\"version\":1"), 11, "\"version\":2");
  auto future = ThompsonSampling::from_json(newer);
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.error().message.find("reads versions 1 to 1"), std::string::npos);
  auto negative = ThompsonSampling::from_json(
      R"({"format":"learnloop.thompson","version":1,"prior_alpha":1,"prior_beta":1,"success_threshold":0.5,)"
      R"("arms":[{"successes":-1,"failures":0,"pulls":0,"reward_sum":0}],"rng":["1","2","3","4"]})");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().message, "thompson state: arm 0: \"successes\" must be >= 0");
}

TEST(Thompson, LearnsTheBestArm) {
  ThompsonSampling t = make(3, 3);
  Rng env(3, 1);
  const double probs[3] = {0.1, 0.2, 0.6};
  for (int i = 0; i < 3000; ++i) {
    const std::size_t arm = t.select();
    ASSERT_TRUE(t.update(arm, sample_bernoulli(env, probs[arm]) ? 1.0 : 0.0).ok());
  }
  EXPECT_GT(t.arm(2).pulls, 2500);
  EXPECT_NEAR(t.posterior_mean(2), 0.6, 0.05);
}

}  // namespace
}  // namespace learnloop
