// Linear Thompson sampling: for context x the sampled score of an arm, theta~^T x with
// theta~ ~ N(theta, v^2 A^-1), is exactly N(theta^T x, v^2 x^T A^-1 x), so one normal draw per arm
// suffices (O(d^2) per arm instead of a Cholesky factorisation). Propensity from extra draws.
#include <cmath>
#include <limits>

#include "learnloop/random/samplers.hpp"
#include "policies.hpp"

namespace learnloop::bandits {

std::size_t LinearThompsonBandit::sample_best(Rng& rng, const std::vector<double>& means,
                                              const std::vector<double>& sds) const {
  std::size_t best = 0;
  double best_score = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < means.size(); ++i) {
    const double score = means[i] + sds[i] * sample_standard_normal(rng);
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  return best;
}

Selection LinearThompsonBandit::do_select(const double* context) {
  const Eigen::Map<const Eigen::VectorXd> x(context, static_cast<Eigen::Index>(context_dim()));
  std::vector<double> means(arm_count());
  std::vector<double> sds(arm_count());
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const Eigen::VectorXd ax = arms_[i].a_inv * x;
    means[i] = ax.dot(arms_[i].b);
    sds[i] = config().v * std::sqrt(std::max(0.0, x.dot(ax)));
  }
  const std::size_t chosen = sample_best(rng(), means, sds);
  const double propensity =
      estimate_propensity(chosen, config().propensity_draws, [&] { return sample_best(propensity_rng(), means, sds); });
  return {chosen, propensity};
}

}  // namespace learnloop::bandits

namespace learnloop::bandits {

// Share of seeded score draws each allowed arm wins for this context.
std::vector<double> LinearThompsonBandit::do_probabilities(const double* context,
                                                           const std::vector<char>& allowed) const {
  const Eigen::Map<const Eigen::VectorXd> x(context, static_cast<Eigen::Index>(context_dim()));
  std::vector<double> means(arm_count(), 0.0);
  std::vector<double> sds(arm_count(), 0.0);
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const Eigen::VectorXd ax = arms_[i].a_inv * x;
    means[i] = ax.dot(arms_[i].b);
    sds[i] = config().v * std::sqrt(std::max(0.0, x.dot(ax)));
  }
  return monte_carlo_probabilities(arm_count(), config().seed, [&](Rng& rng) {
    std::size_t best = 0;
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < means.size(); ++i) {
      if (!allowed[i]) continue;
      const double score = means[i] + sds[i] * sample_standard_normal(rng);
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    return best;
  });
}

}  // namespace learnloop::bandits
