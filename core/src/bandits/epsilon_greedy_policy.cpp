// Epsilon-greedy: with probability epsilon a uniform arm, otherwise the best mean reward (arms
// never pulled count as best, so each is tried). Exact propensity:
// epsilon / K + (1 - epsilon) / |best set| for arms in the best set, epsilon / K for the others.
#include <algorithm>
#include <cmath>
#include <limits>

#include "policies.hpp"

namespace learnloop::bandits {

Selection EpsilonGreedyBandit::do_select(const double*) {
  const std::size_t k = arm_count();
  std::vector<double> means(k);
  for (std::size_t i = 0; i < k; ++i) means[i] = stats(i).mean(std::numeric_limits<double>::infinity());
  const std::vector<std::size_t> best = argmax_set(means);
  const double epsilon = config().epsilon;
  const bool explore = rng().uniform() < epsilon;
  const std::size_t arm = explore ? uniform_index(rng(), k) : pick_among(rng(), best).arm;
  const bool in_best = std::find(best.begin(), best.end(), arm) != best.end();
  const double propensity =
      epsilon / static_cast<double>(k) + (in_best ? (1 - epsilon) / static_cast<double>(best.size()) : 0.0);
  return {arm, propensity};
}

}  // namespace learnloop::bandits

namespace learnloop::bandits {

// Exact: epsilon spread over the K allowed arms, 1 - epsilon shared by the allowed arms with the best mean.
std::vector<double> EpsilonGreedyBandit::do_probabilities(const double*, const std::vector<char>& allowed) const {
  std::vector<double> means(arm_count());
  for (std::size_t i = 0; i < arm_count(); ++i) means[i] = stats(i).mean(std::numeric_limits<double>::infinity());
  std::vector<double> p = shared_among_best(means, allowed);
  const double k = static_cast<double>(std::count(allowed.begin(), allowed.end(), 1));
  const double epsilon = config().epsilon;
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = allowed[i] ? epsilon / k + (1 - epsilon) * p[i] : 0.0;
  return p;
}

}  // namespace learnloop::bandits
