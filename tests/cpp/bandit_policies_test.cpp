// Policy-specific behaviour: Thompson's threshold and propensity estimate, exact propensities of
// UCB1 and epsilon-greedy (checked against observed frequencies), forgetting, and the quality
// bar of the issue (seeded, not timed): regret figures of the simulations.
#include <gtest/gtest.h>

#include <cmath>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/bandits/simulation.hpp"

namespace learnloop {
namespace {

std::unique_ptr<Bandit> make(BanditConfig c) {
  auto made = make_bandit(c);
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
  return std::move(made).value();
}

BanditConfig arms(const std::string& policy, std::size_t n) {
  BanditConfig c;
  c.policy = policy;
  for (std::size_t i = 0; i < n; ++i) c.arms.push_back("arm" + std::to_string(i));
  return c;
}

TEST(Thompson, ThresholdTurnsRatesIntoSuccesses) {
  BanditConfig c = arms("thompson", 1);
  c.success_threshold = 0.03;
  auto b = make(c);
  ASSERT_TRUE(b->update_batch({0, 0, 0}, {0.045, 0.03, 0.01}).ok());
  EXPECT_EQ(b->stats(0).successes, 1);
  EXPECT_EQ(b->stats(0).failures, 2);
  EXPECT_DOUBLE_EQ(b->stats(0).reward_sum, 0.085);
  EXPECT_DOUBLE_EQ(b->estimate(0), 2.0 / 5.0);  // Beta(1 + 1, 1 + 2)
}

TEST(Thompson, PropensityEstimateMatchesTheTrueProbability) {
  // Beta(3, 1) vs Beta(1, 1): P(X > Y) = E[Y^0 ...] = 3/4 for X ~ Beta(3,1), Y ~ U(0,1).
  BanditConfig c = arms("thompson", 2);
  c.propensity_draws = 20000;
  auto b = make(c);
  ASSERT_TRUE(b->update_batch({0, 0}, {1, 1}).ok());
  for (int i = 0; i < 20; ++i) {
    const Selection s = b->select().value();
    EXPECT_NEAR(s.propensity, s.arm == 0 ? 0.75 : 0.25, 0.015);
  }
  c.propensity_draws = 0;
  EXPECT_TRUE(std::isnan(make(c)->select().value().propensity));
}

// Selects `n` times without updating and checks each arm's frequency against its propensity.
void expect_frequencies_match_propensities(Bandit& b, int n) {
  std::vector<int> counts(b.arm_count());
  std::vector<double> propensity(b.arm_count(), -1);
  for (int i = 0; i < n; ++i) {
    const Selection s = b.select().value();
    counts[s.arm] += 1;
    if (propensity[s.arm] >= 0) {
      EXPECT_DOUBLE_EQ(propensity[s.arm], s.propensity);
    }
    propensity[s.arm] = s.propensity;
  }
  for (std::size_t a = 0; a < counts.size(); ++a) {
    const double p = propensity[a] < 0 ? 0 : propensity[a];
    EXPECT_NEAR(static_cast<double>(counts[a]) / n, p, 4 * std::sqrt(p * (1 - p) / n) + 1e-9) << "arm " << a;
  }
}

TEST(Ucb1, TriesUnpulledArmsFirstWithSharedPropensity) {
  auto b = make(arms("ucb1", 4));
  ASSERT_TRUE(b->update(1, 0.5).ok());
  expect_frequencies_match_propensities(*b, 6000);
  EXPECT_DOUBLE_EQ(b->select().value().propensity, 1.0 / 3.0);
}

TEST(Ucb1, PicksTheLargestUpperBound) {
  auto b = make(arms("ucb1", 2));
  // arm0: 10 pulls, mean 0.5; arm1: 2 pulls, mean 0.4. N = 12.
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(b->update(0, i % 2).ok());
  ASSERT_TRUE(b->update_batch({1, 1}, {0.4, 0.4}).ok());
  const double bound0 = 0.5 + std::sqrt(2 * std::log(12.0) / 10);
  const double bound1 = 0.4 + std::sqrt(2 * std::log(12.0) / 2);
  const Selection s = b->select().value();
  EXPECT_EQ(s.arm, bound1 > bound0 ? 1u : 0u);
  EXPECT_EQ(s.propensity, 1.0);
}

TEST(EpsilonGreedy, PropensitiesAreExact) {
  BanditConfig c = arms("epsilon-greedy", 3);
  c.epsilon = 0.3;
  auto b = make(c);
  ASSERT_TRUE(b->update_batch({0, 1, 2}, {0.2, 0.9, 0.9}).ok());  // arms 1 and 2 tie for best
  const Selection s = b->select().value();
  EXPECT_DOUBLE_EQ(s.propensity, s.arm == 0 ? 0.1 : 0.1 + 0.7 / 2);
  expect_frequencies_match_propensities(*b, 20000);
}

TEST(Forgetting, DiscountShrinksOldStatistics) {
  BanditConfig c = arms("ucb1", 1);
  c.forgetting.discount = 0.5;
  auto b = make(c);
  ASSERT_TRUE(b->update_batch({0, 0, 0}, {1, 1, 0}).ok());
  EXPECT_DOUBLE_EQ(b->stats(0).pulls, 0.25 + 0.5 + 1);
  EXPECT_DOUBLE_EQ(b->stats(0).reward_sum, 0.25 + 0.5);
}

TEST(Forgetting, WindowKeepsTheLastRewardsOfEachArm) {
  BanditConfig c = arms("thompson", 2);
  c.forgetting.window = 2;
  auto b = make(c);
  ASSERT_TRUE(b->update_batch({0, 0, 1, 0}, {1, 1, 1, 0}).ok());
  EXPECT_EQ(b->stats(0).pulls, 2);
  EXPECT_EQ(b->stats(0).successes, 1);
  EXPECT_EQ(b->stats(0).failures, 1);
  EXPECT_EQ(b->stats(1).pulls, 1);
  auto restored = bandit_from_json(b->to_json());
  ASSERT_TRUE(restored.ok());
  ASSERT_TRUE(restored.value()->update(0, 0).ok());
  EXPECT_EQ(restored.value()->stats(0).successes, 0);  // the remembered success left the window
  EXPECT_FALSE(b->merge(*b->clone()).ok());
}

double regret(const std::string& policy, const std::vector<double>& probs, std::uint64_t rounds, std::uint64_t seed,
              std::uint64_t dim = 0) {
  SimulationSpec spec;
  spec.policy = policy;
  spec.probs = probs;
  spec.rounds = rounds;
  spec.seed = seed;
  spec.dim = dim;
  auto report = simulate_bandit(spec);
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
  return report.value().regret;
}

TEST(QualityBar, ThompsonRegretAveragesBelow150OverFiveSeeds) {
  double total = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) total += regret("thompson", {0.02, 0.03, 0.05}, 100000, seed);
  EXPECT_LT(total / 5, 150);
}

TEST(QualityBar, Ucb1RegretIsSublinear) {
  const double early = regret("ucb1", {0.02, 0.03, 0.05}, 10000, 3);
  const double late = regret("ucb1", {0.02, 0.03, 0.05}, 100000, 3);
  EXPECT_LT(late, 6 * early);  // linear growth would be 10x (measured: 600 vs 115)
}

TEST(QualityBar, LinUcbBeatsContextFreeThompsonOnALinearEnvironment) {
  const std::vector<double> probs = {0.3, 0.4, 0.5};
  EXPECT_LT(regret("linucb", probs, 20000, 1, 6), 0.5 * regret("thompson", probs, 20000, 1, 6));
  EXPECT_LT(regret("lints", probs, 20000, 1, 6), 0.5 * regret("thompson", probs, 20000, 1, 6));
}

}  // namespace
}  // namespace learnloop
