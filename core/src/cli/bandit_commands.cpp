// `learnloop bandit simulate`: flags to a SimulationSpec, then the core's simulate_bandit().
#include <cmath>

#include "commands.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/bandits/simulation.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop::cli {

namespace {

const std::vector<FlagSpec>& simulate_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"policy", true, std::string("bandit policy: ") + bandit_policies() + " (default thompson)", "NAME", ""},
      {"probs", true, "success probability of each arm, comma separated, each in [0,1]", "P1,P2,...", ""},
      {"rounds", true, "number of rounds to simulate (>= 1)", "N", ""},
      {"seed", true, "seed of the policy and the environment (default 0)", "S", ""},
      {"dim", true, "context length of a linear environment (linucb, lints need >= 1; default 0)", "D", ""},
      {"epsilon", true, "epsilon-greedy: exploration probability in [0,1] (default 0.1)", "E", ""},
      {"alpha", true, "linucb: confidence width >= 0 (default 1)", "A", ""},
      {"v", true, "lints: posterior scale > 0 (default 1)", "V", ""},
  };
  return kSpecs;
}

// `text` left-aligned in a column of `width` characters (at least one space after it).
std::string column(const std::string& text, std::size_t width) {
  return text + std::string(text.size() < width ? width - text.size() : 1, ' ');
}

std::string render_text(const SimulationReport& r) {
  std::string out = "policy  " + r.spec.policy + "\nrounds  " + std::to_string(r.spec.rounds) + "\nseed    " +
                    std::to_string(r.spec.seed) + "\n\n" + column("arm", 5) + column("p", 11) + column("pulls", 12) +
                    "share\n";
  for (std::size_t i = 0; i < r.pulls.size(); ++i) {
    const double share = 100.0 * static_cast<double>(r.pulls[i]) / static_cast<double>(r.spec.rounds);
    out += column(std::to_string(i), 5) + column(format_number(r.spec.probs[i]), 11) +
           column(std::to_string(r.pulls[i]), 12) + format_number(round_to(share, 1)) + "%\n";
  }
  return out + "\nreward  " + std::to_string(r.reward) + "\nregret  " + format_number(r.regret) + "\n";
}

Result<CommandOutput> run_simulate(const Flags& flags, CliHost& host) {
  SimulationSpec spec;
  if (auto policy = flags.get("policy")) spec.policy = *policy;
  Result<std::string> probs_text = flags.require("probs", simulate_flags());
  if (!probs_text.ok()) return probs_text.error();
  Result<std::vector<double>> probs = parse_number_list("probs", probs_text.value());
  if (!probs.ok()) return probs.error();
  spec.probs = probs.value();
  Result<std::string> rounds_text = flags.require("rounds", simulate_flags());
  if (!rounds_text.ok()) return rounds_text.error();
  Result<unsigned long long> rounds = parse_count("rounds", rounds_text.value());
  if (!rounds.ok()) return rounds.error();
  spec.rounds = rounds.value();
  Status read = flags.read_count("seed", &spec.seed);
  if (read.ok()) read = flags.read_count("dim", &spec.dim);
  for (auto [name, field] :
       {std::pair{"epsilon", &spec.epsilon}, std::pair{"alpha", &spec.alpha}, std::pair{"v", &spec.v}}) {
    if (read.ok()) read = flags.read_number(name, field);
  }
  if (!read.ok()) return read.error();
  Result<SimulationReport> report = simulate_bandit(spec, &host);
  if (!report.ok()) return report.error();
  return CommandOutput{flags.has("json") ? simulation_report_to_json(report.value()) + "\n"
                                         : render_text(report.value())};
}

}  // namespace

Command bandit_simulate_command() {
  return Command{{"bandit", "simulate"},
                 "simulate a bandit policy against Bernoulli arms with known probabilities",
                 simulate_flags(),
                 "learnloop bandit simulate --policy thompson --probs 0.02,0.03,0.05 --rounds 100000 --seed 7 --json",
                 run_simulate};
}

}  // namespace learnloop::cli
