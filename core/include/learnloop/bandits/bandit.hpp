// The one interface every bandit policy implements: select(context?) -> {arm, propensity},
// update(arm, reward, context?), batch updates, arms added and removed at run time, reset,
// versioned JSON state and merge of sufficient statistics. Validation lives here, once: a
// rejected call never changes the state. Policies implement the protected hooks. No I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "learnloop/bandits/arm_stats.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {

/// Most arms a bandit has (its state and every decision grow with the arm count).
constexpr std::size_t kMaxBanditArms = 10000;
/// Most numbers a contextual bandit keeps: arms x dim^2 (10 arms up to dim 1295, about 134 MB per matrix).
constexpr std::size_t kMaxContextualState = std::size_t{1} << 24;

/// Checks the size limits: at most kMaxBanditArms arms and, with a context, arms x dim^2 <= kMaxContextualState.
Status check_bandit_size(std::uint64_t arms, std::uint64_t dim);

/// Settings of any bandit policy; each policy reads the fields it needs.
struct BanditConfig {
  std::string policy = "thompson";     ///< thompson | ucb1 | epsilon-greedy | linucb | lints
  std::vector<std::string> arms;       ///< arm names, unique and non-empty
  std::size_t dim = 0;                 ///< context length (linucb, lints: >= 1; others: 0)
  double prior_alpha = 1.0;            ///< thompson: Beta prior alpha (> 0), also for new arms
  double prior_beta = 1.0;             ///< thompson: Beta prior beta (> 0), also for new arms
  double success_threshold = 0.5;      ///< thompson: a reward above this is a success, in [0, 1)
  double epsilon = 0.1;                ///< epsilon-greedy: exploration probability in [0, 1]
  double alpha = 1.0;                  ///< linucb: width of the confidence bound (>= 0)
  double v = 1.0;                      ///< lints: scale of the posterior covariance (> 0)
  double lambda = 1.0;                 ///< linucb, lints: ridge regulariser of each arm (> 0)
  Forgetting forgetting;               ///< discount or sliding window (context-free policies)
  std::size_t propensity_draws = 100;  ///< thompson, lints: posterior draws to estimate propensities (0: skip, NaN)
  std::uint64_t seed = 0;              ///< seed of the policy's generator
  double floor = 0;                    ///< probabilities() and select_many(): least probability of each allowed arm
  std::vector<std::string> allowed;    ///< probabilities() and select_many(): arms they may pick (empty: all)
};

/// Most picks one select_many() call makes.
constexpr std::size_t kMaxSelectMany = 1000000;

/// Arms one decision call may pick: nullopt allows every arm; a given set must name known arms and not be empty.
using AllowedArms = std::optional<std::vector<std::string>>;

/// Monte Carlo draws behind probabilities() for thompson and lints (standard error at most 0.005 per arm).
constexpr std::size_t kProbabilityDraws = 10000;

/// A decision: the chosen arm and the probability with which the policy chose it.
struct Selection {
  std::size_t arm = 0;    ///< index of the chosen arm
  double propensity = 0;  ///< P(policy picks this arm | state, context); NaN when not estimated
};

/// Names of the policies, in the order help and messages list them (the one list; the JS package reads it).
inline constexpr std::array<const char*, 5> kBanditPolicies = {"thompson", "ucb1", "epsilon-greedy", "linucb", "lints"};

/// True when `name` is one of kBanditPolicies.
bool is_bandit_policy(const std::string& name);

/// Checks serving settings against `arms`: floor in [0, 1), allowed arms known and listed once, and floor x K <= 1
/// for the K arms allowed (every arm when `allowed` is empty); errors give the numbers and name the arms.
Status check_serving(double floor, const std::vector<std::string>& allowed, const std::vector<std::string>& arms);

/// Names of the policies, comma separated (for messages and help).
const char* bandit_policies();

/// Base of every bandit policy.
class Bandit {
 public:
  virtual ~Bandit() = default;

  /// The configuration the bandit was built with (arms as built; see arm_names() for now).
  const BanditConfig& config() const { return config_; }
  /// Number of arms.
  std::size_t arm_count() const { return names_.size(); }
  /// Current arm names, in index order.
  const std::vector<std::string>& arm_names() const { return names_; }
  /// Index of the arm called `name`, or not_found.
  Result<std::size_t> arm_index(const std::string& name) const;
  /// Context length this policy expects (0 for context-free policies).
  std::size_t context_dim() const { return config_.dim; }

  /// Chooses an arm for `context` (empty for context-free policies) and reports its propensity.
  Result<Selection> select(const std::vector<double>& context = {});
  /// Records `reward` for `arm` seen with `context`.
  Status update(std::size_t arm, double reward, const std::vector<double>& context = {});
  /// Records n rewards; `contexts` holds n * context_dim() numbers row by row. All or nothing.
  Status update_batch(const std::vector<std::uint32_t>& arms, const std::vector<double>& rewards,
                      const std::vector<double>& contexts = {});
  /// Adds an arm with the cold-start prior; its index is arm_count() - 1.
  Status add_arm(const std::string& name);
  /// Removes an arm; arms after it move down one index.
  Status remove_arm(std::size_t arm);
  /// Forgets everything learned; keeps arms, settings and the generator's position.
  void reset();
  /// Adds `other`'s sufficient statistics (same policy and settings; arms matched by name, union).
  Status merge(const Bandit& other);

  /// The probability of every arm (index order) for `context`: the policy's own distribution over the arms in
  /// `allowed` (empty: every arm) and the configured allowed arms, then mixed with the floor as
  /// floor + (1 - floor x K) p over the K arms left. Exact for ucb1, epsilon-greedy and linucb (ties shared);
  /// kProbabilityDraws seeded draws for thompson and lints (the same answer for the same state). Changes nothing.
  Result<std::vector<double>> probabilities(const std::vector<double>& context = {},
                                            const AllowedArms& allowed = std::nullopt) const;
  /// `n` picks drawn independently from probabilities(context, allowed) with the policy's generator, each with
  /// its exact propensity (its probability in that distribution). Records nothing.
  Result<std::vector<Selection>> select_many(std::size_t n, const std::vector<double>& context = {},
                                             const AllowedArms& allowed = std::nullopt);
  /// Sets the floor and the allowed arms kept in the state (checked like the config; nothing changes on error).
  Status set_serving(double floor, const std::vector<std::string>& allowed);
  /// Restarts the selection generator at (`seed`, `stream`) (for a server that serves from a stored state).
  void reseed(std::uint64_t seed, std::uint64_t stream);

  /// Versioned JSON state (format "learnloop.bandit", version 2; version 1 states load with no floor and
  /// every arm allowed).
  std::string to_json() const;
  /// A deep copy.
  virtual std::unique_ptr<Bandit> clone() const = 0;

  /// Counts and reward sums of an arm (after forgetting, for context-free policies).
  const ArmStats& stats(std::size_t arm) const { return stats_[arm]; }
  /// The policy's point estimate of an arm's reward: posterior mean (thompson), mean reward
  /// (ucb1, epsilon-greedy; NaN before the first pull), or the mean observed reward (linear).
  virtual double estimate(std::size_t arm) const;

 protected:
  /// Takes validated settings.
  explicit Bandit(BanditConfig config);
  /// Chooses an arm; `context` has context_dim() numbers (nullptr when 0).
  virtual Selection do_select(const double* context) = 0;
  /// The policy's probability of each arm restricted to the arms with `allowed[i]` (at least one), before the floor.
  virtual std::vector<double> do_probabilities(const double* context, const std::vector<char>& allowed) const = 0;
  /// Checks a reward's range (default: finite and in [0, 1]).
  virtual Status check_reward(double reward) const;
  /// Records a validated reward in policy state beyond stats(arm), which the base already updated.
  virtual void do_update(std::size_t arm, double reward, const double* context) = 0;
  /// Appends the state of a new cold-start arm.
  virtual void do_add_arm() = 0;
  /// Erases the state of one arm.
  virtual void do_remove_arm(std::size_t arm) = 0;
  /// Resets every arm to its cold-start state.
  virtual void do_reset() = 0;
  /// Policy-specific per-arm state, one JSON value per arm.
  virtual nlohmann::json arm_to_json(std::size_t arm) const = 0;
  /// Restores one arm's state written by arm_to_json().
  virtual Status arm_from_json(std::size_t arm, const nlohmann::json& state) = 0;
  /// Adds the policy state of `other`'s arm `theirs` (same policy and settings) into arm `mine`.
  virtual void merge_arm(std::size_t mine, const Bandit& other, std::size_t theirs) = 0;

  /// Mutable statistics of an arm, for policies that keep them in their own way.
  ArmStats& mutable_stats(std::size_t arm) { return stats_[arm]; }
  /// The policy's generator (selection draws).
  Rng& rng() { return rng_; }
  /// A second generator for propensity estimates, so estimating never changes the choices.
  Rng& propensity_rng() { return propensity_rng_; }

 private:
  friend Result<std::unique_ptr<Bandit>> bandit_from_json(const std::string& text);
  Status check_context(const std::vector<double>& context, const std::string& where) const;
  Status check_update(std::size_t arm, double reward, const std::string& where) const;
  Result<std::vector<char>> allowed_mask(const AllowedArms& allowed) const;
  void record(std::size_t arm, double reward, const double* context);
  void append_arm(const std::string& name);

  BanditConfig config_;
  std::vector<std::string> names_;
  std::vector<ArmStats> stats_;
  Rng rng_;
  Rng propensity_rng_;
};

/// True for the policies that take a context (linucb, lints).
bool is_contextual_policy(const std::string& policy);

/// Validates `config` (names, ranges, dims) and builds the policy it names.
Result<std::unique_ptr<Bandit>> make_bandit(const BanditConfig& config);

/// Reads a BanditConfig from JSON (snake_case keys; "arms" is names or a count).
Result<BanditConfig> bandit_config_from_json(const std::string& text);

/// Restores any bandit from Bandit::to_json() output; rejects other formats and newer versions.
Result<std::unique_ptr<Bandit>> bandit_from_json(const std::string& text);

}  // namespace learnloop
