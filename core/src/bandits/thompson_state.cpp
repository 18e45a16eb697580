// Versioned JSON state of ThompsonSampling: options, per-arm statistics and generator state,
// so a restored sampler continues exactly where the saved one stopped.
#include <nlohmann/json.hpp>

#include "learnloop/bandits/thompson_sampling.hpp"
#include "learnloop/core/json_state.hpp"

namespace learnloop {

namespace {
constexpr const char* kFormat = "learnloop.thompson";
constexpr int kVersion = 1;
}  // namespace

std::string ThompsonSampling::to_json() const {
  nlohmann::json arms = nlohmann::json::array();
  for (const BetaArmStats& a : arms_) {
    arms.push_back({{"successes", a.successes}, {"failures", a.failures}, {"pulls", a.pulls}, {"reward_sum", a.reward_sum}});
  }
  nlohmann::json state = {
      {"format", kFormat},
      {"version", kVersion},
      {"prior_alpha", options_.prior_alpha},
      {"prior_beta", options_.prior_beta},
      {"success_threshold", options_.success_threshold},
      {"arms", arms},
      {"rng", rng_to_json(rng_)},
  };
  return state.dump();
}

Result<ThompsonSampling> ThompsonSampling::from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& state = parsed.value();
  Status header = check_state_header(state, kFormat, kVersion);
  if (!header.ok()) return header.error();

  ThompsonOptions options;
  const std::string where = "thompson state";
  for (auto [key, field] : {std::pair{"prior_alpha", &options.prior_alpha}, std::pair{"prior_beta", &options.prior_beta},
                            std::pair{"success_threshold", &options.success_threshold}}) {
    Result<double> v = json_number(state, key, where);
    if (!v.ok()) return v.error();
    *field = v.value();
  }
  auto arms_it = state.find("arms");
  if (arms_it == state.end() || !arms_it->is_array())
    return invalid_argument(where + ": \"arms\" must be an array of arm statistics");
  Result<Rng> rng = state.contains("rng") ? rng_from_json(state["rng"]) : Result<Rng>(invalid_argument(where + ": \"rng\" is missing"));
  if (!rng.ok()) return rng.error();

  Result<ThompsonSampling> made = create(arms_it->size(), options, 0);
  if (!made.ok()) return made.error();
  ThompsonSampling sampler = std::move(made).value();
  sampler.rng_ = rng.value();
  for (std::size_t i = 0; i < arms_it->size(); ++i) {
    const nlohmann::json& a = (*arms_it)[i];
    const std::string arm_where = where + ": arm " + std::to_string(i);
    BetaArmStats& stats = sampler.arms_[i];
    for (auto [key, field] : {std::pair{"successes", &stats.successes}, std::pair{"failures", &stats.failures},
                              std::pair{"pulls", &stats.pulls}, std::pair{"reward_sum", &stats.reward_sum}}) {
      Result<double> v = a.is_object() ? json_number(a, key, arm_where) : Result<double>(invalid_argument(arm_where + " must be an object"));
      if (!v.ok()) return v.error();
      if (v.value() < 0) return invalid_argument(arm_where + ": \"" + key + "\" must be >= 0");
      *field = v.value();
    }
  }
  return sampler;
}

}  // namespace learnloop
