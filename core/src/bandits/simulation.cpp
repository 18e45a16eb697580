// Bernoulli-arm bandit simulation for every policy. The policy and the environment use
// independent streams of the same seed, so the environment's draws do not depend on how many
// draws the policy makes.
#include "learnloop/bandits/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {

namespace {

BanditConfig policy_config(const SimulationSpec& spec) {
  BanditConfig c;
  c.policy = spec.policy;
  for (std::size_t i = 0; i < spec.probs.size(); ++i) c.arms.push_back(std::to_string(i));
  c.dim = is_contextual_policy(spec.policy) ? static_cast<std::size_t>(spec.dim) : 0;
  c.epsilon = spec.epsilon;
  c.alpha = spec.alpha;
  c.v = spec.v;
  c.propensity_draws = 0;  // the simulation needs no propensities
  c.seed = spec.seed;
  return c;
}

// A random unit vector of length n (all zeros when n == 0).
std::vector<double> unit_vector(Rng& rng, std::size_t n) {
  std::vector<double> v(n);
  double norm = 0;
  while (n > 0 && norm == 0) {
    for (double& x : v) x = sample_standard_normal(rng);
    for (double x : v) norm += x * x;
  }
  for (double& x : v) x /= std::sqrt(norm);
  return v;
}

// The linear contextual environment described in simulation.hpp.
class Environment {
 public:
  Environment(const SimulationSpec& spec) : probs_(spec.probs), rng_(spec.seed, 1), dim_(spec.dim) {
    scale_ = *std::max_element(probs_.begin(), probs_.end());
    for (std::size_t a = 0; a < probs_.size() && dim_ > 1; ++a) thetas_.push_back(unit_vector(rng_, dim_ - 1));
    context_.assign(dim_, 1.0);
    means_ = probs_;
  }
  // Draws the next context; returns it (empty without context).
  const std::vector<double>& next_context() {
    if (dim_ > 1) {
      const std::vector<double> z = unit_vector(rng_, dim_ - 1);
      std::copy(z.begin(), z.end(), context_.begin() + 1);
      for (std::size_t a = 0; a < probs_.size(); ++a) {
        double dot = 0;
        for (std::size_t j = 0; j < z.size(); ++j) dot += thetas_[a][j] * z[j];
        means_[a] = std::clamp(probs_[a] + scale_ * dot, 0.0, 1.0);
      }
    }
    return context_;
  }
  double mean(std::size_t arm) const { return means_[arm]; }
  double best_mean() const { return *std::max_element(means_.begin(), means_.end()); }
  bool pull(std::size_t arm) { return sample_bernoulli(rng_, means_[arm]); }

 private:
  std::vector<double> probs_;
  Rng rng_;
  std::size_t dim_;
  double scale_ = 0;
  std::vector<std::vector<double>> thetas_;
  std::vector<double> context_;
  std::vector<double> means_;
};

}  // namespace

Status validate_simulation_spec(const SimulationSpec& spec) {
  if (spec.probs.empty()) return invalid_argument("probs is empty; expected at least one arm probability in [0, 1]");
  for (std::size_t i = 0; i < spec.probs.size(); ++i) {
    const double p = spec.probs[i];
    if (!std::isfinite(p) || p < 0 || p > 1)
      return invalid_argument("probs[" + std::to_string(i) + "] is " + format_number(p) +
                              "; expected a probability in [0, 1]");
  }
  if (spec.rounds < 1 || spec.rounds > kMaxSimulationRounds)
    return invalid_argument("rounds is " + std::to_string(spec.rounds) + "; expected an integer in [1, " +
                            std::to_string(kMaxSimulationRounds) + "]");
  if (Status size = check_bandit_size(spec.probs.size(), spec.dim); !size.ok()) return size;
  // Both factors are bounded now (rounds <= 1e8, arms x (1 + dim^2) <= 2^24 + 1e4), so the product fits.
  const std::uint64_t per_round = spec.probs.size() * (1 + spec.dim * spec.dim);
  if (spec.rounds * per_round > kMaxSimulationWork)
    return invalid_argument("rounds x arms x (1 + dim^2) is " + std::to_string(spec.rounds * per_round) +
                            "; expected at most " + std::to_string(kMaxSimulationWork) + " (at most " +
                            std::to_string(kMaxSimulationWork / per_round) + " rounds for this bandit)");
  Result<std::unique_ptr<Bandit>> policy = make_bandit(policy_config(spec));
  return policy.status();
}

Result<SimulationSpec> simulation_spec_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& obj = parsed.value();
  if (!obj.is_object()) return invalid_argument("simulation spec must be an object {policy, probs, rounds, seed}");
  SimulationSpec spec;
  if (obj.contains("policy")) {
    if (!obj["policy"].is_string())
      return invalid_argument("policy must be a string; expected one of: " + std::string(bandit_policies()));
    spec.policy = obj["policy"].get<std::string>();
  }
  auto probs = obj.find("probs");
  if (probs == obj.end() || !probs->is_array())
    return invalid_argument("probs must be an array of probabilities in [0, 1]");
  for (std::size_t i = 0; i < probs->size(); ++i) {
    if (!(*probs)[i].is_number())
      return invalid_argument("probs[" + std::to_string(i) + "] is " + (*probs)[i].dump() +
                              "; expected a number in [0, 1]");
    spec.probs.push_back((*probs)[i].get<double>());
  }
  if (!obj.contains("rounds")) return invalid_argument("rounds is missing; expected an integer >= 1");
  Status read = read_json_integer(obj, "rounds", 1, &spec.rounds);
  if (read.ok()) read = read_json_integer(obj, "seed", 0, &spec.seed);
  if (read.ok()) read = read_json_integer(obj, "dim", 0, &spec.dim);
  for (auto [key, field] :
       {std::pair{"epsilon", &spec.epsilon}, std::pair{"alpha", &spec.alpha}, std::pair{"v", &spec.v}}) {
    if (read.ok()) read = read_json_number(obj, key, field);
  }
  if (!read.ok()) return read.error();
  Status valid = validate_simulation_spec(spec);
  if (!valid.ok()) return valid.error();
  return spec;
}

Result<SimulationReport> simulate_bandit(const SimulationSpec& spec, ProgressSink* progress) {
  Status valid = validate_simulation_spec(spec);
  if (!valid.ok()) return valid.error();
  std::unique_ptr<Bandit> policy = make_bandit(policy_config(spec)).value();
  Environment env(spec);
  const bool contextual = policy->context_dim() > 0;

  SimulationReport report;
  report.spec = spec;
  report.pulls.assign(spec.probs.size(), 0);
  const std::uint64_t step = std::max<std::uint64_t>(1, spec.rounds / 100);
  const std::vector<double> no_context;
  for (std::uint64_t round = 0; round < spec.rounds; ++round) {
    const std::vector<double>& context = env.next_context();
    const std::vector<double>& seen = contextual ? context : no_context;
    // The spec is validated, so select and update cannot fail; if one did, the run stops with its error.
    Result<Selection> chosen = policy->select(seen);
    if (!chosen.ok()) return chosen.error();
    const std::size_t arm = chosen.value().arm;
    const bool success = env.pull(arm);
    if (Status s = policy->update(arm, success ? 1.0 : 0.0, seen); !s.ok()) return s.error();
    report.pulls[arm] += 1;
    report.reward += success ? 1 : 0;
    report.regret += env.best_mean() - env.mean(arm);
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
