// Bandit simulation against Bernoulli arms with known success probabilities: the quickest honest
// check of a policy (pulls, realised reward, expected regret). With dim >= 1 the environment is
// contextual and linear: each round shows a context x = (1, z), z uniform on the unit sphere of
// dimension dim - 1, and arm a succeeds with probability clamp(p_a + s * theta_a . z, 0, 1), where
// theta_a is a random unit vector and s the largest p. Pure computation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learnloop/core/numbers.hpp"
#include "learnloop/core/progress.hpp"
#include "learnloop/core/status.hpp"

namespace learnloop {

/// Most rounds a simulation runs.
constexpr std::uint64_t kMaxSimulationRounds = 100000000;
/// Most work a simulation does, counted as rounds x arms x (1 + dim^2): about a minute natively.
constexpr std::uint64_t kMaxSimulationWork = 10000000000ULL;

/// What to simulate.
struct SimulationSpec {
  std::string policy = "thompson";  ///< policy name; see bandit_policies()
  std::vector<double> probs;        ///< base success probability of each arm, each in [0, 1]
  std::uint64_t rounds = 0;         ///< number of select/update rounds, in [1, kMaxSimulationRounds]
  std::uint64_t seed = 0;           ///< seed of both the policy and the simulated environment
  std::uint64_t dim = 0;            ///< context length of a linear environment; 0: no context (linucb, lints need >= 1)
  double epsilon = 0.1;             ///< epsilon-greedy's exploration probability
  double alpha = 1.0;               ///< linucb's confidence width
  double v = 1.0;                   ///< lints' posterior scale
};

/// Outcome of a simulation.
struct SimulationReport {
  SimulationSpec spec;               ///< the spec that was run
  std::vector<std::uint64_t> pulls;  ///< pulls per arm
  std::uint64_t reward = 0;          ///< total realised reward (number of successes)
  double regret = 0;                 ///< expected regret: sum over rounds of (best p - chosen p) given the context
};

/// Validates and reads a spec from JSON {"policy","probs","rounds","seed","dim","epsilon","alpha","v"}.
Result<SimulationSpec> simulation_spec_from_json(const std::string& text);

/// Checks a spec: known policy, at least one arm, probabilities in [0, 1], rounds in [1, kMaxSimulationRounds],
/// the bandit's size limits (check_bandit_size) and rounds x arms x (1 + dim^2) at most kMaxSimulationWork.
Status validate_simulation_spec(const SimulationSpec& spec);

/// Runs the simulation; reports progress to `progress` when given.
Result<SimulationReport> simulate_bandit(const SimulationSpec& spec, ProgressSink* progress = nullptr);

/// The report as JSON: {"policy","rounds","seed","pulls","reward","regret"} in that order.
std::string simulation_report_to_json(const SimulationReport& report);

}  // namespace learnloop
