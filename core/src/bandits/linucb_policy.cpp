// LinUCB, disjoint model: one ridge regression per arm; score theta^T x + alpha sqrt(x^T A^-1 x).
// Deterministic given the state; exact propensities (ties shared).
#include <cmath>

#include "policies.hpp"

namespace learnloop::bandits {

Selection LinUcbBandit::do_select(const double* context) {
  const Eigen::Map<const Eigen::VectorXd> x(context, static_cast<Eigen::Index>(context_dim()));
  std::vector<double> scores(arm_count());
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const LinearArm& arm = arms_[i];
    const Eigen::VectorXd ax = arm.a_inv * x;
    const double mean = ax.dot(arm.b);  // theta^T x with theta = A^-1 b (A^-1 symmetric)
    scores[i] = mean + config().alpha * std::sqrt(std::max(0.0, x.dot(ax)));
  }
  return pick_among(rng(), argmax_set(scores));
}

}  // namespace learnloop::bandits

namespace learnloop::bandits {

// Exact: shared by the allowed arms with the largest upper bound for this context.
std::vector<double> LinUcbBandit::do_probabilities(const double* context, const std::vector<char>& allowed) const {
  const Eigen::Map<const Eigen::VectorXd> x(context, static_cast<Eigen::Index>(context_dim()));
  std::vector<double> scores(arm_count());
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const LinearArm& arm = arms_[i];
    const Eigen::VectorXd ax = arm.a_inv * x;
    scores[i] = ax.dot(arm.b) + config().alpha * std::sqrt(std::max(0.0, x.dot(ax)));
  }
  return shared_among_best(scores, allowed);
}

}  // namespace learnloop::bandits
