// Beta-Bernoulli Thompson sampling over a fixed set of arms.
// Each arm keeps success/failure counts; select() draws once from every arm's Beta posterior and
// picks the largest draw. Rewards are 0/1 or rates turned into success by a threshold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {

/// Sufficient statistics of one Beta-Bernoulli arm.
struct BetaArmStats {
  double successes = 0;   ///< rewards above the success threshold
  double failures = 0;    ///< rewards at or below the threshold
  double pulls = 0;       ///< number of updates
  double reward_sum = 0;  ///< sum of raw rewards
};

/// Settings of a Thompson sampler.
struct ThompsonOptions {
  double prior_alpha = 1.0;        ///< Beta prior alpha (> 0), added to successes
  double prior_beta = 1.0;         ///< Beta prior beta (> 0), added to failures
  double success_threshold = 0.5;  ///< a reward strictly above this is a success (0.5 suits 0/1 rewards)
};

/// Beta-Bernoulli Thompson sampling bandit with a deterministic, saveable generator.
class ThompsonSampling {
 public:
  /// Builds a sampler with `n_arms` arms (>= 1); fails on invalid options.
  static Result<ThompsonSampling> create(std::size_t n_arms, const ThompsonOptions& options, std::uint64_t seed);

  /// Draws from every arm's posterior and returns the arm with the largest draw.
  std::size_t select();
  /// Records `reward` (finite, in [0, 1]) for `arm`.
  Status update(std::size_t arm, double reward);
  /// Records many rewards; validates all first, so a bad entry changes nothing.
  Status update_batch(const std::vector<std::uint32_t>& arms, const std::vector<double>& rewards);

  /// Number of arms.
  std::size_t arm_count() const { return arms_.size(); }
  /// Statistics of one arm (arm < arm_count()).
  const BetaArmStats& arm(std::size_t arm) const { return arms_[arm]; }
  /// Posterior alpha of an arm: prior alpha + successes.
  double alpha(std::size_t arm) const { return options_.prior_alpha + arms_[arm].successes; }
  /// Posterior beta of an arm: prior beta + failures.
  double beta(std::size_t arm) const { return options_.prior_beta + arms_[arm].failures; }
  /// Posterior mean alpha / (alpha + beta) of an arm.
  double posterior_mean(std::size_t arm) const;
  /// The options the sampler was built with.
  const ThompsonOptions& options() const { return options_; }

  /// Versioned JSON state (format "learnloop.thompson", version 1), including the generator state.
  std::string to_json() const;
  /// Restores a sampler from to_json() output; rejects other formats and unknown major versions.
  static Result<ThompsonSampling> from_json(const std::string& text);

 private:
  ThompsonSampling(std::size_t n_arms, const ThompsonOptions& options, Rng rng);
  Status check_update(std::size_t arm, double reward) const;
  void apply_update(std::size_t arm, double reward);

  ThompsonOptions options_;
  std::vector<BetaArmStats> arms_;
  Rng rng_;
};

}  // namespace learnloop
