// Arm statistics with discounting or a sliding window.
#include "learnloop/bandits/arm_stats.hpp"

#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {

Status validate_forgetting(const Forgetting& f) {
  if (!std::isfinite(f.discount) || f.discount <= 0 || f.discount > 1)
    return invalid_argument("discount is " + format_number(f.discount) +
                            "; expected a number in (0, 1] (1 = no discount)");
  if (f.discount < 1 && f.window > 0)
    return invalid_argument("discount and window are both set; expected one way of forgetting, not both");
  return {};
}

void ArmStats::add(double reward, bool success, const Forgetting& forgetting, double threshold) {
  if (forgetting.discount < 1) {
    successes *= forgetting.discount;
    failures *= forgetting.discount;
    pulls *= forgetting.discount;
    reward_sum *= forgetting.discount;
  }
  if (forgetting.window > 0) {
    recent.push_back(reward);
    if (recent.size() > forgetting.window) {
      const double old = recent.front();
      recent.pop_front();
      (old > threshold ? successes : failures) -= 1;
      pulls -= 1;
      reward_sum -= old;
    }
  }
  (success ? successes : failures) += 1;
  pulls += 1;
  reward_sum += reward;
}

void ArmStats::merge(const ArmStats& other) {
  successes += other.successes;
  failures += other.failures;
  pulls += other.pulls;
  reward_sum += other.reward_sum;
}

}  // namespace learnloop
