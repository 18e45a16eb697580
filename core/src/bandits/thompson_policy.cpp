// Beta-Bernoulli Thompson sampling. The selection draws use the policy generator in arm order
// (the golden vectors depend on it); propensity draws use the second generator.
#include "learnloop/random/samplers.hpp"
#include "policies.hpp"

namespace learnloop::bandits {

double ThompsonBandit::draw(Rng& rng, std::size_t arm) const {
  const ArmStats& s = stats(arm);
  return sample_beta(rng, config().prior_alpha + s.successes, config().prior_beta + s.failures);
}

double ThompsonBandit::estimate(std::size_t arm) const {
  const double a = config().prior_alpha + stats(arm).successes;
  const double b = config().prior_beta + stats(arm).failures;
  return a / (a + b);
}

Selection ThompsonBandit::do_select(const double*) {
  auto best_of_one_draw = [this](Rng& rng) {
    std::size_t best = 0;
    double best_draw = -1.0;
    for (std::size_t i = 0; i < arm_count(); ++i) {
      const double d = draw(rng, i);
      if (d > best_draw) {
        best_draw = d;
        best = i;
      }
    }
    return best;
  };
  const std::size_t chosen = best_of_one_draw(rng());
  const double propensity =
      estimate_propensity(chosen, config().propensity_draws, [&] { return best_of_one_draw(propensity_rng()); });
  return {chosen, propensity};
}

}  // namespace learnloop::bandits

namespace learnloop::bandits {

// Share of seeded posterior draws each allowed arm wins (a fresh generator per call: the same state gives the same
// distribution, and the selection generator never moves).
std::vector<double> ThompsonBandit::do_probabilities(const double*, const std::vector<char>& allowed) const {
  return monte_carlo_probabilities(arm_count(), config().seed, [&](Rng& rng) {
    std::size_t best = 0;
    double best_draw = -1.0;
    for (std::size_t i = 0; i < arm_count(); ++i) {
      if (!allowed[i]) continue;
      const double d = draw(rng, i);
      if (d > best_draw) {
        best_draw = d;
        best = i;
      }
    }
    return best;
  });
}

}  // namespace learnloop::bandits
