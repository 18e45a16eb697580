// UCB1: every arm once (uniformly among the unpulled), then the largest upper confidence bound.
// Propensities are exact: 1 for a unique maximum, 1/k when k arms tie.
#include <algorithm>
#include <cmath>

#include "learnloop/core/det_math.hpp"
#include "policies.hpp"

namespace learnloop::bandits {

Selection Ucb1Bandit::do_select(const double*) {
  std::vector<std::size_t> tied;
  for (std::size_t i = 0; i < arm_count(); ++i) {
    if (stats(i).pulls <= 0) tied.push_back(i);
  }
  if (!tied.empty()) return pick_among(rng(), tied);
  double total = 0;
  for (std::size_t i = 0; i < arm_count(); ++i) total += stats(i).pulls;
  const double log_total = dmath::log(std::max(total, 1.0));
  std::vector<double> bounds(arm_count());
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const ArmStats& s = stats(i);
    bounds[i] = s.reward_sum / s.pulls + std::sqrt(2.0 * log_total / s.pulls);
  }
  return pick_among(rng(), argmax_set(bounds));
}

}  // namespace learnloop::bandits

namespace learnloop::bandits {

// Exact: uniform over the allowed arms never pulled, else shared by the allowed arms with the largest bound.
std::vector<double> Ucb1Bandit::do_probabilities(const double*, const std::vector<char>& allowed) const {
  std::vector<double> unpulled(arm_count(), 0.0);
  double total = 0;
  bool any_unpulled = false;
  for (std::size_t i = 0; i < arm_count(); ++i) {
    total += stats(i).pulls;
    if (allowed[i] && stats(i).pulls <= 0) {
      unpulled[i] = 1;
      any_unpulled = true;
    }
  }
  if (any_unpulled) return shared_among_best(unpulled, allowed);
  const double log_total = dmath::log(std::max(total, 1.0));
  std::vector<double> bounds(arm_count(), 0.0);
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const ArmStats& s = stats(i);
    if (s.pulls > 0) bounds[i] = s.reward_sum / s.pulls + std::sqrt(2.0 * log_total / s.pulls);
  }
  return shared_among_best(bounds, allowed);
}

}  // namespace learnloop::bandits
