// Internal: the policy classes behind make_bandit(). Users reach them through the Bandit interface.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "learnloop/bandits/bandit.hpp"

namespace learnloop::bandits {

/// Uniform index in [0, n), n >= 1.
std::size_t uniform_index(Rng& rng, std::size_t n);

/// Indices of the largest value in `scores` (every index when they tie).
std::vector<std::size_t> argmax_set(const std::vector<double>& scores);

/// Picks uniformly among the indices in `tied` (non-empty); propensity 1 / |tied|.
Selection pick_among(Rng& rng, const std::vector<std::size_t>& tied);

/// Probability 1/|best| for each allowed arm with the largest score, 0 elsewhere.
std::vector<double> shared_among_best(const std::vector<double>& scores, const std::vector<char>& allowed);

/// Share of `draws` Monte Carlo draws each arm wins; `best_of_one_draw(rng)` returns the winning arm of one draw.
template <class Draw>
std::vector<double> monte_carlo_probabilities(std::size_t arms, std::uint64_t seed, Draw best_of_one_draw) {
  Rng rng(seed, 3);
  std::vector<double> wins(arms, 0.0);
  for (std::size_t d = 0; d < kProbabilityDraws; ++d) wins[best_of_one_draw(rng)] += 1;
  for (double& w : wins) w /= static_cast<double>(kProbabilityDraws);
  return wins;
}

/// Context-free policies keep all their state in Bandit::stats(); nothing per arm beyond it.
class ContextFreeBandit : public Bandit {
 protected:
  using Bandit::Bandit;
  void do_update(std::size_t, double, const double*) override {}
  void do_add_arm() override {}
  void do_remove_arm(std::size_t) override {}
  void do_reset() override {}
  nlohmann::json arm_to_json(std::size_t) const override { return nullptr; }
  Status arm_from_json(std::size_t, const nlohmann::json&) override { return {}; }
  void merge_arm(std::size_t, const Bandit&, std::size_t) override {}
};

/// Beta-Bernoulli Thompson sampling; propensities estimated from extra posterior draws.
class ThompsonBandit final : public ContextFreeBandit {
 public:
  /// Takes validated settings.
  explicit ThompsonBandit(BanditConfig config) : ContextFreeBandit(std::move(config)) {}
  std::unique_ptr<Bandit> clone() const override { return std::make_unique<ThompsonBandit>(*this); }
  double estimate(std::size_t arm) const override;

 protected:
  Selection do_select(const double* context) override;
  std::vector<double> do_probabilities(const double* context, const std::vector<char>& allowed) const override;

 private:
  double draw(Rng& rng, std::size_t arm) const;
};

/// UCB1 (Auer et al. 2002): unpulled arms first, then mean + sqrt(2 ln N / n); ties shared.
class Ucb1Bandit final : public ContextFreeBandit {
 public:
  /// Takes validated settings.
  explicit Ucb1Bandit(BanditConfig config) : ContextFreeBandit(std::move(config)) {}
  std::unique_ptr<Bandit> clone() const override { return std::make_unique<Ucb1Bandit>(*this); }

 protected:
  Selection do_select(const double* context) override;
  std::vector<double> do_probabilities(const double* context, const std::vector<char>& allowed) const override;
};

/// Epsilon-greedy: explore uniformly with probability epsilon, else the best mean (unpulled arms first).
class EpsilonGreedyBandit final : public ContextFreeBandit {
 public:
  /// Takes validated settings.
  explicit EpsilonGreedyBandit(BanditConfig config) : ContextFreeBandit(std::move(config)) {}
  std::unique_ptr<Bandit> clone() const override { return std::make_unique<EpsilonGreedyBandit>(*this); }

 protected:
  Selection do_select(const double* context) override;
  std::vector<double> do_probabilities(const double* context, const std::vector<char>& allowed) const override;
};

/// Ridge statistics of one arm of a linear policy: A = lambda I + sum x x^T, b = sum r x, A^-1.
struct LinearArm {
  Eigen::MatrixXd a;      ///< lambda I + sum of x x^T
  Eigen::MatrixXd a_inv;  ///< inverse of a, kept by Sherman-Morrison updates
  Eigen::VectorXd b;      ///< sum of r x
  /// Cold-start arm of dimension `dim`.
  static LinearArm prior(std::size_t dim, double lambda);
  /// Adds one observation.
  void add(const Eigen::Map<const Eigen::VectorXd>& x, double reward);
};

/// Shared state and bookkeeping of LinUCB and linear Thompson sampling (disjoint models per arm).
class LinearBandit : public Bandit {
 protected:
  /// Takes validated settings.
  explicit LinearBandit(BanditConfig config);
  void do_update(std::size_t arm, double reward, const double* context) override;
  void do_add_arm() override;
  void do_remove_arm(std::size_t arm) override;
  void do_reset() override;
  nlohmann::json arm_to_json(std::size_t arm) const override;
  Status arm_from_json(std::size_t arm, const nlohmann::json& state) override;
  void merge_arm(std::size_t mine, const Bandit& other, std::size_t theirs) override;

  std::vector<LinearArm> arms_;  ///< one ridge model per arm
};

/// LinUCB (Li et al. 2010, disjoint): theta^T x + alpha sqrt(x^T A^-1 x); ties shared.
class LinUcbBandit final : public LinearBandit {
 public:
  /// Takes validated settings.
  explicit LinUcbBandit(BanditConfig config) : LinearBandit(std::move(config)) {}
  std::unique_ptr<Bandit> clone() const override { return std::make_unique<LinUcbBandit>(*this); }

 protected:
  Selection do_select(const double* context) override;
  std::vector<double> do_probabilities(const double* context, const std::vector<char>& allowed) const override;
};

/// Linear Thompson sampling (Agrawal & Goyal 2013): score ~ N(theta^T x, v^2 x^T A^-1 x) per arm.
class LinearThompsonBandit final : public LinearBandit {
 public:
  /// Takes validated settings.
  explicit LinearThompsonBandit(BanditConfig config) : LinearBandit(std::move(config)) {}
  std::unique_ptr<Bandit> clone() const override { return std::make_unique<LinearThompsonBandit>(*this); }

 protected:
  Selection do_select(const double* context) override;
  std::vector<double> do_probabilities(const double* context, const std::vector<char>& allowed) const override;

 private:
  std::size_t sample_best(Rng& rng, const std::vector<double>& means, const std::vector<double>& sds) const;
};

/// Propensity of `chosen` estimated as (1 + wins in `draws` more draws) / (1 + draws); NaN if draws == 0.
template <class Draw>
double estimate_propensity(std::size_t chosen, std::size_t draws, Draw best_of_one_draw) {
  if (draws == 0) return std::nan("");
  std::size_t wins = 0;
  for (std::size_t d = 0; d < draws; ++d) wins += best_of_one_draw() == chosen;
  return static_cast<double>(1 + wins) / static_cast<double>(1 + draws);
}

}  // namespace learnloop::bandits
