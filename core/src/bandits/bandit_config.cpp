// BanditConfig: validation, the factory, and reading settings from JSON (what the JS package and
// saved state use). Unknown keys are errors, so a typo never silently falls back to a default.
#include <algorithm>
#include <cmath>
#include <set>

#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/core/numbers.hpp"
#include "policies.hpp"

namespace learnloop {

namespace {

Status check_range(const char* name, double value, bool ok, const char* expected) {
  if (std::isfinite(value) && ok) return {};
  return invalid_argument(std::string(name) + " is " + format_number(value) + "; expected " + expected);
}

// The largest dim with arms x dim^2 <= kMaxContextualState.
std::uint64_t max_contextual_dim(std::uint64_t arms) {
  const std::uint64_t room = kMaxContextualState / std::max<std::uint64_t>(1, arms);
  auto dim = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(room)));
  while (dim * dim > room) --dim;
  while ((dim + 1) * (dim + 1) <= room) ++dim;
  return dim;
}

Status validate_config(const BanditConfig& c) {
  if (!is_bandit_policy(c.policy))
    return invalid_argument("unknown policy '" + c.policy + "'; expected one of: " + bandit_policies());
  if (Status s = check_bandit_size(c.arms.size(), c.dim); !s.ok()) return s;
  std::set<std::string> seen;
  for (const std::string& name : c.arms) {
    if (name.empty()) return invalid_argument("an arm name is empty; expected non-empty names");
    if (!seen.insert(name).second)
      return invalid_argument("arm name '" + name + "' appears twice; expected unique names");
  }
  if (is_contextual_policy(c.policy) && c.dim == 0)
    return invalid_argument(c.policy + " needs a context: dim is 0; expected dim >= 1");
  if (!is_contextual_policy(c.policy) && c.dim != 0)
    return invalid_argument(c.policy + " is context-free: dim is " + std::to_string(c.dim) +
                            "; expected 0 (use linucb or lints for contexts)");
  Status s = check_range("prior_alpha", c.prior_alpha, c.prior_alpha > 0, "a number > 0");
  if (s.ok()) s = check_range("prior_beta", c.prior_beta, c.prior_beta > 0, "a number > 0");
  if (s.ok())
    s = check_range("success_threshold", c.success_threshold, c.success_threshold >= 0 && c.success_threshold < 1,
                    "a number in [0, 1)");
  if (s.ok()) s = check_range("epsilon", c.epsilon, c.epsilon >= 0 && c.epsilon <= 1, "a number in [0, 1]");
  if (s.ok()) s = check_range("alpha", c.alpha, c.alpha >= 0, "a number >= 0");
  if (s.ok()) s = check_range("v", c.v, c.v > 0, "a number > 0");
  if (s.ok()) s = check_range("lambda", c.lambda, c.lambda > 0, "a number > 0");
  if (s.ok()) s = validate_forgetting(c.forgetting);
  if (!s.ok()) return s;
  if (is_contextual_policy(c.policy) && (c.forgetting.discount < 1 || c.forgetting.window > 0))
    return invalid_argument("discount and window apply to context-free policies; " + c.policy + " takes neither");
  if (c.propensity_draws > 1000000)
    return invalid_argument("propensity_draws is " + std::to_string(c.propensity_draws) + "; expected at most 1000000");
  if (Status serving = check_serving(c.floor, c.allowed, c.arms); !serving.ok()) return serving;
  if (c.seed > kMaxExactInteger)
    return invalid_argument("seed is " + std::to_string(c.seed) + "; expected an integer in [0, 2^53-1]");
  return {};
}

}  // namespace

Status check_bandit_size(std::uint64_t arms, std::uint64_t dim) {
  if (arms > kMaxBanditArms)
    return invalid_argument("the bandit has " + std::to_string(arms) + " arms; expected at most " +
                            std::to_string(kMaxBanditArms));
  // Compared through divisions so that a huge dim cannot overflow arms x dim^2.
  const std::uint64_t room = kMaxContextualState / std::max<std::uint64_t>(1, arms);
  if (dim > 0 && (dim > room || dim * dim > room))
    return invalid_argument("dim is " + std::to_string(dim) + " with " + std::to_string(arms) +
                            " arms; expected arms x dim^2 at most " + std::to_string(kMaxContextualState) +
                            " (dim at most " + std::to_string(max_contextual_dim(arms)) + ")");
  return {};
}

bool is_contextual_policy(const std::string& policy) { return policy == "linucb" || policy == "lints"; }

Result<std::unique_ptr<Bandit>> make_bandit(const BanditConfig& config) {
  Status s = validate_config(config);
  if (!s.ok()) return s.error();
  std::unique_ptr<Bandit> bandit;
  if (config.policy == "thompson") bandit = std::make_unique<bandits::ThompsonBandit>(config);
  if (config.policy == "ucb1") bandit = std::make_unique<bandits::Ucb1Bandit>(config);
  if (config.policy == "epsilon-greedy") bandit = std::make_unique<bandits::EpsilonGreedyBandit>(config);
  if (config.policy == "linucb") bandit = std::make_unique<bandits::LinUcbBandit>(config);
  if (config.policy == "lints") bandit = std::make_unique<bandits::LinearThompsonBandit>(config);
  return bandit;
}

Result<BanditConfig> bandit_config_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& obj = parsed.value();
  if (!obj.is_object()) return invalid_argument("bandit settings must be a JSON object");
  static const std::set<std::string> kKnown = {
      "policy",           "arms",  "dim",   "prior_alpha", "prior_beta", "success_threshold",
      "epsilon",          "alpha", "v",     "lambda",      "discount",   "window",
      "propensity_draws", "seed",  "floor", "allowed"};
  for (const auto& item : obj.items()) {
    if (!kKnown.count(item.key())) {
      std::string list;
      for (const std::string& k : kKnown) list += (list.empty() ? "" : ", ") + k;
      return invalid_argument("unknown bandit setting '" + item.key() + "'; expected some of: " + list);
    }
  }
  BanditConfig c;
  if (obj.contains("policy")) {
    if (!obj["policy"].is_string())
      return invalid_argument(std::string("policy must be a string; expected one of: ") + bandit_policies());
    c.policy = obj["policy"].get<std::string>();
  }
  if (obj.contains("arms")) {
    const nlohmann::json& arms = obj["arms"];
    if (arms.is_array()) {
      for (const auto& name : arms) {
        if (!name.is_string())
          return invalid_argument("arms holds " + name.dump() + "; expected arm names (strings) or a count");
        c.arms.push_back(name.get<std::string>());
      }
    } else {
      std::size_t count = 0;
      Status s = read_json_integer(obj, "arms", 0, &count);
      if (!s.ok()) return invalid_argument("arms is " + arms.dump() + "; expected a list of names or a count");
      if (count > kMaxBanditArms)
        return invalid_argument("arms is " + std::to_string(count) + "; expected at most " +
                                std::to_string(kMaxBanditArms));
      for (std::size_t i = 0; i < count; ++i) c.arms.push_back(std::to_string(i));
    }
  }
  if (obj.contains("allowed")) {
    const nlohmann::json& allowed = obj["allowed"];
    if (!allowed.is_array()) return invalid_argument("allowed is " + allowed.dump() + "; expected a list of arm names");
    for (const auto& name : allowed) {
      if (!name.is_string()) return invalid_argument("allowed holds " + name.dump() + "; expected arm names (strings)");
      c.allowed.push_back(name.get<std::string>());
    }
    if (c.allowed.empty())
      return invalid_argument("allowed is empty; expected at least one arm (leave it out to allow every arm)");
  }
  Status s = read_json_integer(obj, "dim", 0, &c.dim);
  for (auto [key, field] : {std::pair{"prior_alpha", &c.prior_alpha}, std::pair{"prior_beta", &c.prior_beta},
                            std::pair{"success_threshold", &c.success_threshold}, std::pair{"epsilon", &c.epsilon},
                            std::pair{"alpha", &c.alpha}, std::pair{"v", &c.v}, std::pair{"lambda", &c.lambda},
                            std::pair{"discount", &c.forgetting.discount}, std::pair{"floor", &c.floor}}) {
    if (s.ok()) s = read_json_number(obj, key, field);
  }
  if (s.ok()) s = read_json_integer(obj, "window", 0, &c.forgetting.window);
  if (s.ok()) s = read_json_integer(obj, "propensity_draws", 0, &c.propensity_draws);
  if (s.ok()) s = read_json_integer(obj, "seed", 0, &c.seed);
  if (s.ok()) s = validate_config(c);
  if (!s.ok()) return s.error();
  return c;
}

}  // namespace learnloop
