// Thompson sampling: option checks, selection and updates. State (de)serialisation lives in
// thompson_state.cpp.
#include "learnloop/bandits/thompson_sampling.hpp"

#include <cmath>
#include <string>

#include "learnloop/core/format.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {

namespace {

Status check_options(std::size_t n_arms, const ThompsonOptions& o) {
  if (n_arms == 0) return invalid_argument("a bandit needs at least one arm; got 0 arms");
  if (!(o.prior_alpha > 0) || !std::isfinite(o.prior_alpha))
    return invalid_argument("prior alpha must be a finite number > 0; got " + format_number(o.prior_alpha));
  if (!(o.prior_beta > 0) || !std::isfinite(o.prior_beta))
    return invalid_argument("prior beta must be a finite number > 0; got " + format_number(o.prior_beta));
  if (!std::isfinite(o.success_threshold) || o.success_threshold < 0 || o.success_threshold >= 1)
    return invalid_argument("success threshold must be in [0, 1); got " + format_number(o.success_threshold));
  return {};
}

}  // namespace

ThompsonSampling::ThompsonSampling(std::size_t n_arms, const ThompsonOptions& options, Rng rng)
    : options_(options), arms_(n_arms), rng_(rng) {}

Result<ThompsonSampling> ThompsonSampling::create(std::size_t n_arms, const ThompsonOptions& options,
                                                  std::uint64_t seed) {
  Status s = check_options(n_arms, options);
  if (!s.ok()) return s.error();
  return ThompsonSampling(n_arms, options, Rng(seed));
}

std::size_t ThompsonSampling::select() {
  std::size_t best = 0;
  double best_draw = -1.0;
  for (std::size_t i = 0; i < arms_.size(); ++i) {
    const double draw = sample_beta(rng_, alpha(i), beta(i));
    if (draw > best_draw) {
      best_draw = draw;
      best = i;
    }
  }
  return best;
}

Status ThompsonSampling::check_update(std::size_t arm, double reward) const {
  if (arm >= arms_.size())
    return invalid_argument("arm " + std::to_string(arm) + " does not exist; expected an arm index in [0, " +
                            std::to_string(arms_.size() - 1) + "]");
  if (!std::isfinite(reward) || reward < 0 || reward > 1)
    return invalid_argument("reward must be a number in [0, 1]; got " + format_number(reward));
  return {};
}

void ThompsonSampling::apply_update(std::size_t arm, double reward) {
  BetaArmStats& a = arms_[arm];
  if (reward > options_.success_threshold) {
    a.successes += 1;
  } else {
    a.failures += 1;
  }
  a.pulls += 1;
  a.reward_sum += reward;
}

Status ThompsonSampling::update(std::size_t arm, double reward) {
  Status s = check_update(arm, reward);
  if (s.ok()) apply_update(arm, reward);
  return s;
}

Status ThompsonSampling::update_batch(const std::vector<std::uint32_t>& arms, const std::vector<double>& rewards) {
  if (arms.size() != rewards.size())
    return invalid_argument("arms has " + std::to_string(arms.size()) + " entries but rewards has " +
                            std::to_string(rewards.size()) + "; expected equal lengths");
  for (std::size_t i = 0; i < arms.size(); ++i) {
    Status s = check_update(arms[i], rewards[i]);
    if (!s.ok()) return Error{s.error().code, "entry " + std::to_string(i) + ": " + s.error().message};
  }
  for (std::size_t i = 0; i < arms.size(); ++i) apply_update(arms[i], rewards[i]);
  return {};
}

double ThompsonSampling::posterior_mean(std::size_t arm) const {
  return alpha(arm) / (alpha(arm) + beta(arm));
}

}  // namespace learnloop
