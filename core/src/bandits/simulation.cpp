// Bernoulli-arm bandit simulation. The policy and the environment use two independent streams of
// the same seed, so the environment's coin flips do not depend on how many draws the policy makes.
#include "learnloop/bandits/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "learnloop/bandits/thompson_sampling.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {

const char* simulation_policies() { return "thompson"; }

Status validate_simulation_spec(const SimulationSpec& spec) {
  if (spec.policy != "thompson")
    return invalid_argument("unknown policy '" + spec.policy + "'; expected one of: " + simulation_policies());
  if (spec.probs.empty()) return invalid_argument("probs is empty; expected at least one arm probability in [0, 1]");
  for (std::size_t i = 0; i < spec.probs.size(); ++i) {
    const double p = spec.probs[i];
    if (!std::isfinite(p) || p < 0 || p > 1)
      return invalid_argument("probs[" + std::to_string(i) + "] is " + format_number(p) +
                              "; expected a probability in [0, 1]");
  }
  if (spec.rounds < 1 || spec.rounds > kMaxExactInteger)
    return invalid_argument("rounds is " + std::to_string(spec.rounds) + "; expected an integer in [1, 2^53-1]");
  if (spec.seed > kMaxExactInteger)
    return invalid_argument("seed is " + std::to_string(spec.seed) + "; expected an integer in [0, 2^53-1]");
  return {};
}

namespace {

Result<std::uint64_t> integer_field(const nlohmann::json& obj, const char* key, bool required, std::uint64_t min) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return invalid_argument(std::string(key) + " is missing; expected an integer >= " + std::to_string(min));
    return min;
  }
  if (!it->is_number()) return invalid_argument(std::string(key) + " is " + it->dump() + "; expected an integer");
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > kMaxExactInteger)
    return invalid_argument(std::string(key) + " is " + it->dump() + "; expected an integer in [" + std::to_string(min) + ", 2^53-1]");
  return exact_integer(it->get<double>(), key, min);
}

}  // namespace

Result<SimulationSpec> simulation_spec_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& obj = parsed.value();
  if (!obj.is_object()) return invalid_argument("simulation spec must be an object {policy, probs, rounds, seed}");
  SimulationSpec spec;
  if (obj.contains("policy")) {
    if (!obj["policy"].is_string()) return invalid_argument("policy must be a string; expected one of: " + std::string(simulation_policies()));
    spec.policy = obj["policy"].get<std::string>();
  }
  auto probs = obj.find("probs");
  if (probs == obj.end() || !probs->is_array())
    return invalid_argument("probs must be an array of probabilities in [0, 1]");
  for (std::size_t i = 0; i < probs->size(); ++i) {
    if (!(*probs)[i].is_number())
      return invalid_argument("probs[" + std::to_string(i) + "] is " + (*probs)[i].dump() + "; expected a number in [0, 1]");
    spec.probs.push_back((*probs)[i].get<double>());
  }
  Result<std::uint64_t> rounds = integer_field(obj, "rounds", true, 1);
  if (!rounds.ok()) return rounds.error();
  spec.rounds = rounds.value();
  Result<std::uint64_t> seed = integer_field(obj, "seed", false, 0);
  if (!seed.ok()) return seed.error();
  spec.seed = seed.value();
  Status valid = validate_simulation_spec(spec);
  if (!valid.ok()) return valid.error();
  return spec;
}

Result<SimulationReport> simulate_bandit(const SimulationSpec& spec, ProgressSink* progress) {
  Status valid = validate_simulation_spec(spec);
  if (!valid.ok()) return valid.error();
  Result<ThompsonSampling> made = ThompsonSampling::create(spec.probs.size(), ThompsonOptions{}, spec.seed);
  if (!made.ok()) return made.error();
  ThompsonSampling policy = std::move(made).value();
  Rng environment(spec.seed, /*stream=*/1);

  SimulationReport report;
  report.spec = spec;
  report.pulls.assign(spec.probs.size(), 0);
  const double best = *std::max_element(spec.probs.begin(), spec.probs.end());
  const std::uint64_t step = std::max<std::uint64_t>(1, spec.rounds / 100);
  for (std::uint64_t round = 0; round < spec.rounds; ++round) {
    const std::size_t arm = policy.select();
    const bool success = sample_bernoulli(environment, spec.probs[arm]);
    policy.update(arm, success ? 1.0 : 0.0);
    report.pulls[arm] += 1;
    report.reward += success ? 1 : 0;
    report.regret += best - spec.probs[arm];
    if (progress != nullptr && ((round + 1) % step == 0 || round + 1 == spec.rounds))
      progress->on_progress("simulate", round + 1, spec.rounds);
  }
  return report;
}

std::string simulation_report_to_json(const SimulationReport& report) {
  nlohmann::ordered_json out;
  out["policy"] = report.spec.policy;
  out["rounds"] = report.spec.rounds;
  out["seed"] = report.spec.seed;
  out["pulls"] = report.pulls;
  out["reward"] = report.reward;
  out["regret"] = report.regret;
  return out.dump();
}

}  // namespace learnloop
