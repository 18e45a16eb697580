// Sufficient statistics of one context-free arm, optionally forgetting old rewards: a discount
// factor (every update first multiplies the arm's statistics by it) or a sliding window (only the
// arm's last W rewards count). Mergeable by addition when no window is used. No I/O.
#pragma once

#include <cstddef>
#include <deque>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// How an arm forgets old rewards for non-stationary problems.
struct Forgetting {
  double discount = 1.0;   ///< in (0, 1]; 1 keeps everything
  std::size_t window = 0;  ///< last W rewards per arm; 0 keeps everything
};

/// Checks a Forgetting: discount in (0, 1], not both discount < 1 and a window.
Status validate_forgetting(const Forgetting& f);

/// Statistics of one arm: counts and sums of rewards (successes are rewards above a threshold).
struct ArmStats {
  double successes = 0;       ///< (discounted) rewards above the success threshold
  double failures = 0;        ///< (discounted) rewards at or below it
  double pulls = 0;           ///< (discounted) number of rewards
  double reward_sum = 0;      ///< (discounted) sum of rewards
  std::deque<double> recent;  ///< the rewards inside the window (window mode only)

  /// Mean reward, or `fallback` for an arm never pulled.
  double mean(double fallback) const { return pulls > 0 ? reward_sum / pulls : fallback; }
  /// Records one reward; `success` says whether it passed the threshold.
  void add(double reward, bool success, const Forgetting& forgetting, double threshold);
  /// Adds another arm's statistics (same forgetting settings, no window).
  void merge(const ArmStats& other);
};

}  // namespace learnloop
