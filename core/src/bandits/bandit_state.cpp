// Versioned JSON state of every bandit: {"format":"learnloop.bandit","version":2,"config":{...},
// "arms":[{name, statistics, policy state}], "rng":[...], "propensity_rng":[...]}. Restoring
// gives a bandit that continues exactly where the saved one stopped. Version 1 (before the floor
// and the allowed arms) loads as floor 0 with every arm allowed; later versions are refused.
#include "learnloop/core/json_numbers.hpp"
#include "learnloop/core/json_state.hpp"
#include "policies.hpp"

namespace learnloop {

namespace {
constexpr const char* kBanditFormat = "learnloop.bandit";
constexpr int kBanditStateVersion = 2;  // 2 added config.floor and config.allowed

nlohmann::json config_to_json(const BanditConfig& c, const std::vector<std::string>& arms) {
  nlohmann::json out = {{"policy", c.policy},
                        {"arms", arms},
                        {"dim", c.dim},
                        {"prior_alpha", c.prior_alpha},
                        {"prior_beta", c.prior_beta},
                        {"success_threshold", c.success_threshold},
                        {"epsilon", c.epsilon},
                        {"alpha", c.alpha},
                        {"v", c.v},
                        {"lambda", c.lambda},
                        {"discount", c.forgetting.discount},
                        {"window", c.forgetting.window},
                        {"propensity_draws", c.propensity_draws},
                        {"seed", c.seed},
                        {"floor", c.floor}};
  if (!c.allowed.empty()) out["allowed"] = c.allowed;  // absent: every arm (an empty list is refused on load)
  return out;
}

}  // namespace

std::string Bandit::to_json() const {
  nlohmann::json arms = nlohmann::json::array();
  for (std::size_t i = 0; i < arm_count(); ++i) {
    const ArmStats& s = stats_[i];
    nlohmann::json arm = {{"name", names_[i]},
                          {"successes", json_count(s.successes)},
                          {"failures", json_count(s.failures)},
                          {"pulls", json_count(s.pulls)},
                          {"reward_sum", json_count(s.reward_sum)}};
    if (config_.forgetting.window > 0) arm["recent"] = s.recent;
    nlohmann::json extra = arm_to_json(i);
    if (!extra.is_null()) arm["policy_state"] = extra;
    arms.push_back(arm);
  }
  nlohmann::json state = {{"format", kBanditFormat},
                          {"version", kBanditStateVersion},
                          {"config", config_to_json(config_, names_)},
                          {"arms", arms},
                          {"rng", rng_to_json(rng_)},
                          {"propensity_rng", rng_to_json(propensity_rng_)}};
  return state.dump();
}

Result<std::unique_ptr<Bandit>> bandit_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& state = parsed.value();
  Status header = check_state_header(state, kBanditFormat, kBanditStateVersion);
  if (!header.ok()) return header.error();
  if (!state.contains("config")) return invalid_argument("bandit state: \"config\" is missing");
  Result<BanditConfig> config = bandit_config_from_json(state["config"].dump());
  if (!config.ok()) return Error{config.error().code, "bandit state: " + config.error().message};
  Result<std::unique_ptr<Bandit>> made = make_bandit(config.value());
  if (!made.ok()) return made.error();
  std::unique_ptr<Bandit> bandit = std::move(made).value();

  auto arms = state.find("arms");
  if (arms == state.end() || !arms->is_array() || arms->size() != bandit->arm_count())
    return invalid_argument("bandit state: \"arms\" must hold one entry per arm in config.arms");
  for (std::size_t i = 0; i < arms->size(); ++i) {
    const nlohmann::json& a = (*arms)[i];
    const std::string where = "bandit state: arm " + std::to_string(i);
    if (!a.is_object()) return invalid_argument(where + " must be an object");
    ArmStats& s = bandit->stats_[i];
    for (auto [key, field] : {std::pair{"successes", &s.successes}, std::pair{"failures", &s.failures},
                              std::pair{"pulls", &s.pulls}, std::pair{"reward_sum", &s.reward_sum}}) {
      Result<double> v = json_number(a, key, where);
      if (!v.ok()) return v.error();
      if (v.value() < 0) return invalid_argument(where + ": \"" + key + "\" must be >= 0");
      *field = v.value();
    }
    if (bandit->config().forgetting.window > 0) {
      auto recent = a.find("recent");
      if (recent == a.end() || !recent->is_array()) return invalid_argument(where + ": \"recent\" must be an array");
      for (const auto& r : *recent) {
        if (!r.is_number()) return invalid_argument(where + ": \"recent\" holds a non-number");
        s.recent.push_back(r.get<double>());
      }
    }
    if (a.contains("policy_state")) {
      Status st = bandit->arm_from_json(i, a["policy_state"]);
      if (!st.ok()) return Error{st.error().code, where + ": " + st.error().message};
    }
  }
  for (auto [key, target] : {std::pair{"rng", &bandit->rng_}, std::pair{"propensity_rng", &bandit->propensity_rng_}}) {
    if (!state.contains(key)) return invalid_argument(std::string("bandit state: \"") + key + "\" is missing");
    Result<Rng> rng = rng_from_json(state[key]);
    if (!rng.ok()) return Error{rng.error().code, "bandit state: " + rng.error().message};
    *target = rng.value();
  }
  return bandit;
}

}  // namespace learnloop
