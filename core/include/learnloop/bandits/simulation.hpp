// Bandit simulation against Bernoulli arms with known success probabilities: the quickest
// honest check of a policy (pulls, realised reward, expected regret). Pure computation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learnloop/core/numbers.hpp"
#include "learnloop/core/progress.hpp"
#include "learnloop/core/status.hpp"

namespace learnloop {

/// What to simulate.
struct SimulationSpec {
  std::string policy = "thompson";  ///< policy name; see simulation_policies()
  std::vector<double> probs;        ///< success probability of each arm, each in [0, 1]
  std::uint64_t rounds = 0;         ///< number of select/update rounds, >= 1
  std::uint64_t seed = 0;           ///< seed of both the policy and the simulated environment
};

/// Outcome of a simulation.
struct SimulationReport {
  SimulationSpec spec;                ///< the spec that was run
  std::vector<std::uint64_t> pulls;   ///< pulls per arm
  std::uint64_t reward = 0;           ///< total realised reward (number of successes)
  double regret = 0;                  ///< expected regret: sum over rounds of (best p - chosen p)
};

/// Names of the policies simulate_bandit() accepts, comma separated (for messages and help).
const char* simulation_policies();

/// Validates and reads a spec from JSON {"policy", "probs", "rounds", "seed"}; seed defaults to 0.
Result<SimulationSpec> simulation_spec_from_json(const std::string& text);

/// Checks a spec: known policy, at least one arm, probabilities in [0, 1], rounds in [1, 2^53 - 1].
Status validate_simulation_spec(const SimulationSpec& spec);

/// Runs the simulation; reports progress to `progress` when given.
Result<SimulationReport> simulate_bandit(const SimulationSpec& spec, ProgressSink* progress = nullptr);

/// The report as JSON: {"policy","rounds","seed","pulls","reward","regret"} in that order.
std::string simulation_report_to_json(const SimulationReport& report);

}  // namespace learnloop
