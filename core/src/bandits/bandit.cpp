// Bandit base: argument checks shared by every policy, arm bookkeeping, reset and merge. Each
// public call validates completely before it changes anything.
#include "learnloop/bandits/bandit.hpp"

#include <algorithm>
#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {

bool is_bandit_policy(const std::string& name) {
  return std::any_of(kBanditPolicies.begin(), kBanditPolicies.end(), [&](const char* p) { return name == p; });
}

const char* bandit_policies() {
  static const std::string kJoined = [] {
    std::string out;
    for (const char* p : kBanditPolicies) out += (out.empty() ? "" : ", ") + std::string(p);
    return out;
  }();
  return kJoined.c_str();
}

Bandit::Bandit(BanditConfig config)
    : config_(std::move(config)),
      names_(config_.arms),
      stats_(names_.size()),
      rng_(config_.seed, 0),
      propensity_rng_(config_.seed, 2) {}

Result<std::size_t> Bandit::arm_index(const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return Error{ErrorCode::kNotFound, "no arm named '" + name + "'"};
}

double Bandit::estimate(std::size_t arm) const { return stats_[arm].mean(std::nan("")); }

Status Bandit::check_context(const std::vector<double>& context, const std::string& where) const {
  if (context.size() != config_.dim) {
    return invalid_argument(where + "context has " + std::to_string(context.size()) + " numbers; " + config_.policy +
                            " expects " + std::to_string(config_.dim) +
                            (config_.dim == 0 ? " (it is context-free: pass no context)" : ""));
  }
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (!std::isfinite(context[i]))
      return invalid_argument(where + "context[" + std::to_string(i) + "] is " + format_number(context[i]) +
                              "; expected a finite number");
  }
  return {};
}

Status Bandit::check_reward(double reward) const {
  if (!std::isfinite(reward) || reward < 0 || reward > 1)
    return invalid_argument("reward is " + format_number(reward) + "; expected a finite number in [0, 1]");
  return {};
}

Status Bandit::check_update(std::size_t arm, double reward, const std::string& where) const {
  if (arm >= names_.size()) {
    return invalid_argument(where + "arm " + std::to_string(arm) + " does not exist; expected an arm index in [0, " +
                            std::to_string(names_.size()) + ")");
  }
  Status s = check_reward(reward);
  if (!s.ok()) return invalid_argument(where + s.error().message);
  return {};
}

Result<Selection> Bandit::select(const std::vector<double>& context) {
  if (names_.empty()) return invalid_argument("the bandit has no arms; add one with add_arm first");
  Status s = check_context(context, "");
  if (!s.ok()) return s.error();
  return do_select(context.empty() ? nullptr : context.data());
}

Status Bandit::update(std::size_t arm, double reward, const std::vector<double>& context) {
  Status s = check_update(arm, reward, "");
  if (s.ok()) s = check_context(context, "");
  if (!s.ok()) return s;
  record(arm, reward, context.empty() ? nullptr : context.data());
  return {};
}

void Bandit::record(std::size_t arm, double reward, const double* context) {
  stats_[arm].add(reward, reward > config_.success_threshold, config_.forgetting, config_.success_threshold);
  do_update(arm, reward, context);
}

Status Bandit::update_batch(const std::vector<std::uint32_t>& arms, const std::vector<double>& rewards,
                            const std::vector<double>& contexts) {
  const std::size_t n = arms.size();
  if (rewards.size() != n)
    return invalid_argument("arms has " + std::to_string(n) + " entries but rewards has " +
                            std::to_string(rewards.size()) + "; expected equal lengths");
  if (contexts.size() != n * config_.dim)
    return invalid_argument("contexts has " + std::to_string(contexts.size()) + " numbers; expected " +
                            std::to_string(n) + " rows x " + std::to_string(config_.dim) + " = " +
                            std::to_string(n * config_.dim));
  for (std::size_t i = 0; i < n; ++i) {
    const std::string where = "entry " + std::to_string(i) + ": ";
    Status s = check_update(arms[i], rewards[i], where);
    if (s.ok() && config_.dim > 0) {
      s = check_context(std::vector<double>(contexts.begin() + static_cast<std::ptrdiff_t>(i * config_.dim),
                                            contexts.begin() + static_cast<std::ptrdiff_t>((i + 1) * config_.dim)),
                        where);
    }
    if (!s.ok()) return s;
  }
  for (std::size_t i = 0; i < n; ++i)
    record(arms[i], rewards[i], config_.dim > 0 ? contexts.data() + i * config_.dim : nullptr);
  return {};
}

Status Bandit::add_arm(const std::string& name) {
  if (name.empty()) return invalid_argument("arm name is empty; expected a non-empty name");
  if (arm_index(name).ok()) return invalid_argument("an arm named '" + name + "' already exists");
  if (Status s = check_bandit_size(names_.size() + 1, config_.dim); !s.ok())
    return invalid_argument("cannot add arm '" + name + "': " + s.error().message);
  if (config_.allowed.empty() && config_.floor * static_cast<double>(names_.size() + 1) > 1)
    return invalid_argument("cannot add arm '" + name + "': floor " + format_number(config_.floor) + " x " +
                            std::to_string(names_.size() + 1) + " arms would exceed 1; lower the floor first");
  append_arm(name);
  return {};
}

// Appends a checked arm name (non-empty, new) with cold-start state.
void Bandit::append_arm(const std::string& name) {
  names_.push_back(name);
  stats_.emplace_back();
  do_add_arm();
}

Status Bandit::remove_arm(std::size_t arm) {
  if (arm >= names_.size())
    return invalid_argument("arm " + std::to_string(arm) + " does not exist; expected an arm index in [0, " +
                            std::to_string(names_.size()) + ")");
  auto listed = std::find(config_.allowed.begin(), config_.allowed.end(), names_[arm]);
  if (listed != config_.allowed.end() && config_.allowed.size() == 1)
    return invalid_argument("cannot remove arm '" + names_[arm] + "': it is the only allowed arm");
  if (listed != config_.allowed.end()) config_.allowed.erase(listed);
  names_.erase(names_.begin() + static_cast<std::ptrdiff_t>(arm));
  stats_.erase(stats_.begin() + static_cast<std::ptrdiff_t>(arm));
  do_remove_arm(arm);
  return {};
}

void Bandit::reset() {
  for (ArmStats& s : stats_) s = ArmStats{};
  do_reset();
}

Status Bandit::merge(const Bandit& other) {
  if (&other == this)
    return invalid_argument(
        "cannot merge a bandit with itself: its counts would double (merge a copy made with fromJSON(toJSON()) to "
        "double them on purpose)");
  const BanditConfig& a = config_;
  const BanditConfig& b = other.config_;
  if (a.policy != b.policy)
    return invalid_argument("cannot merge a " + b.policy + " bandit into a " + a.policy + " bandit");
  if (a.dim != b.dim || a.prior_alpha != b.prior_alpha || a.prior_beta != b.prior_beta ||
      a.success_threshold != b.success_threshold || a.lambda != b.lambda ||
      a.forgetting.discount != b.forgetting.discount || a.forgetting.window != b.forgetting.window) {
    return invalid_argument(
        "cannot merge bandits with different settings (dim, priors, threshold, lambda, forgetting)");
  }
  if (a.forgetting.window > 0)
    return invalid_argument("cannot merge sliding-window bandits: their windows hold different rewards");
  // Settings are equal and `other`'s arm names are checked (non-empty, distinct), so every step below
  // succeeds: the merge is all or nothing.
  for (std::size_t j = 0; j < other.names_.size(); ++j) {
    Result<std::size_t> mine = arm_index(other.names_[j]);
    if (!mine.ok()) {
      append_arm(other.names_[j]);
      mine = arm_count() - 1;
    }
    stats_[mine.value()].merge(other.stats_[j]);
    merge_arm(mine.value(), other, j);
  }
  return {};
}

}  // namespace learnloop
