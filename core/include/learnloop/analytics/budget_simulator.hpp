// Budget scenarios by Monte Carlo (spec 004's budget simulator): what spend, revenue, ROAS and
// conversions follow when a campaign's budget moves by a percentage. Revenue scales with
// (budget / base budget)^e, e the diminishing-returns exponent (0.85 by default), times a
// conversion-rate multiplier 1 + N(0, noise); e itself is drawn around its value. Seeded with
// learnloop's own generator, so native and wasm give bit-identical results. Pure: no I/O.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// One budget scenario.
struct BudgetScenario {
  std::string name;                  ///< label, e.g. "+20% Budget"
  double budget_change_percent = 0;  ///< change of the base budget in percent, >= -100
};

/// A budget simulation request (the --scenario file of `learnloop simulate-budget`).
struct BudgetSimulationSpec {
  nlohmann::json campaign_id;             ///< echoed in the result (null when absent)
  double base_budget = 0;                 ///< spend over the horizon at the current budget, > 0
  double baseline_revenue = 0;            ///< revenue the base budget brings over the horizon, >= 0
  double baseline_conversions = 0;        ///< conversions the base budget brings over the horizon, >= 0
  int time_horizon_days = 30;             ///< days the budget and baseline cover (informational)
  double exponent = 0.85;                 ///< diminishing-returns exponent e in (0, 1]
  double exponent_noise = 0.05;           ///< standard deviation of e across iterations, >= 0
  double conversion_rate_noise = 0.1;     ///< standard deviation of the relative conversion-rate noise, >= 0
  std::vector<BudgetScenario> scenarios;  ///< at least one
  std::uint64_t iterations = 1000;        ///< Monte Carlo iterations, >= 1
  std::uint64_t seed = 0;                 ///< generator seed
};

/// Reads a request from JSON (see the README's simulate-budget section); errors name the field and the expected value.
Result<BudgetSimulationSpec> budget_spec_from_json(const nlohmann::json& request);

/// Runs the simulation: baseline and, per scenario, means, 5-95% intervals and marginal ROAS, as JSON.
Result<nlohmann::ordered_json> simulate_budget(const BudgetSimulationSpec& spec);

}  // namespace learnloop
