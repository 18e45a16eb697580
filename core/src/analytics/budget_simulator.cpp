// The budget simulator: common random numbers across scenarios (iteration i uses the same
// conversion-rate and exponent draws in every scenario), so differences between scenarios come
// from the budget alone. Powers use dmath (exp/log) so both targets compute the same bits.
#include "learnloop/analytics/budget_simulator.hpp"

#include <algorithm>
#include <cmath>

#include "analytics_math.hpp"
#include "learnloop/core/det_math.hpp"
#include "learnloop/core/finite.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {
namespace {

constexpr std::uint64_t kMaxIterations = 1000000;
constexpr std::size_t kMaxScenarios = 1000;

Result<double> number_field(const nlohmann::json& object, const char* key, const std::string& where, double min,
                            bool min_open, const std::string& expected) {
  Result<double> v = json_number(object, key, where);
  if (!v.ok()) return invalid_argument(where + ": missing or non-numeric \"" + key + "\"; expected " + expected);
  if (v.value() < min || (min_open && v.value() == min))
    return invalid_argument(where + ": \"" + std::string(key) + "\" is " + format_number(v.value()) + "; expected " +
                            expected);
  return v;
}

Status optional_number(const nlohmann::json& object, const char* key, double* out, double min, double max,
                       const std::string& expected) {
  if (!object.contains(key)) return {};
  const nlohmann::json& v = object[key];
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < min || v.get<double>() > max)
    return invalid_argument("scenario file: \"" + std::string(key) + "\" is " + v.dump() + "; expected " + expected);
  *out = v.get<double>();
  return {};
}

std::string default_name(double percent) { return (percent >= 0 ? "+" : "") + format_number(percent) + "% Budget"; }

}  // namespace

Result<BudgetSimulationSpec> budget_spec_from_json(const nlohmann::json& request) {
  const std::string where = "scenario";
  if (!request.is_object())
    return invalid_argument(where + " must be a JSON object with base_budget, baseline (or campaign) and scenarios");
  BudgetSimulationSpec spec;
  if (request.contains("campaign_id")) spec.campaign_id = request["campaign_id"];
  Result<double> base = number_field(request, "base_budget", where, 0, true, "a budget > 0 (spend over the horizon)");
  if (!base.ok()) return base.error();
  spec.base_budget = base.value();

  const bool has_baseline = request.contains("baseline"), has_campaign = request.contains("campaign");
  if (has_baseline == has_campaign)
    return invalid_argument(where +
                            ": give exactly one of \"baseline\" {revenue, conversions} or \"campaign\" {cpc, "
                            "conversion_rate, avg_order_value}");
  if (has_baseline) {
    const nlohmann::json& b = request["baseline"];
    if (!b.is_object()) return invalid_argument(where + ": \"baseline\" must be an object {revenue, conversions}");
    Result<double> revenue =
        number_field(b, "revenue", where + " baseline", 0, false, "revenue >= 0 at the base budget");
    if (!revenue.ok()) return revenue.error();
    Result<double> conversions =
        number_field(b, "conversions", where + " baseline", 0, false, "conversions >= 0 at the base budget");
    if (!conversions.ok()) return conversions.error();
    spec.baseline_revenue = revenue.value();
    spec.baseline_conversions = conversions.value();
  } else {
    const nlohmann::json& c = request["campaign"];
    if (!c.is_object())
      return invalid_argument(where + ": \"campaign\" must be an object {cpc, conversion_rate, avg_order_value}");
    Result<double> cpc = number_field(c, "cpc", where + " campaign", 0, true, "a cost per click > 0");
    if (!cpc.ok()) return cpc.error();
    Result<double> cvr =
        number_field(c, "conversion_rate", where + " campaign", 0, false, "a conversion rate in [0, 1]");
    if (!cvr.ok()) return cvr.error();
    if (cvr.value() > 1)
      return invalid_argument(where + " campaign: \"conversion_rate\" is " + format_number(cvr.value()) +
                              "; expected a rate in [0, 1]");
    Result<double> aov =
        number_field(c, "avg_order_value", where + " campaign", 0, false, "an average order value >= 0");
    if (!aov.ok()) return aov.error();
    spec.baseline_conversions = spec.base_budget / cpc.value() * cvr.value();
    spec.baseline_revenue = spec.baseline_conversions * aov.value();
  }

  double horizon = 30;
  if (Status s = optional_number(request, "time_horizon_days", &horizon, 1, 3650, "whole days in [1, 3650]"); !s.ok())
    return s.error();
  if (horizon != std::floor(horizon))
    return invalid_argument(where + ": \"time_horizon_days\" must be a whole number of days");
  spec.time_horizon_days = static_cast<int>(horizon);
  if (Status s =
          optional_number(request, "diminishing_returns_exponent", &spec.exponent, 1e-9, 1, "an exponent in (0, 1]");
      !s.ok())
    return s.error();
  if (Status s =
          optional_number(request, "exponent_noise", &spec.exponent_noise, 0, 1, "a standard deviation in [0, 1]");
      !s.ok())
    return s.error();
  if (Status s = optional_number(request, "conversion_rate_noise", &spec.conversion_rate_noise, 0, 1,
                                 "a standard deviation in [0, 1]");
      !s.ok())
    return s.error();
  if (Status s = read_json_integer(request, "simulations", 1, &spec.iterations); !s.ok())
    return invalid_argument(where + ": \"simulations\" must be a whole number >= 1 (" + s.error().message + ")");
  if (Status s = read_json_integer(request, "seed", 0, &spec.seed); !s.ok())
    return invalid_argument(where + ": \"seed\" must be a whole number >= 0 (" + s.error().message + ")");

  if (!request.contains("scenarios") || !request["scenarios"].is_array() || request["scenarios"].empty())
    return invalid_argument(where + ": \"scenarios\" must be a non-empty array of {name, budget_change_percent}");
  if (request["scenarios"].size() > kMaxScenarios)
    return invalid_argument(where + ": " + std::to_string(request["scenarios"].size()) +
                            " scenarios; expected at most " + std::to_string(kMaxScenarios));
  for (std::size_t i = 0; i < request["scenarios"].size(); ++i) {
    const nlohmann::json& s = request["scenarios"][i];
    const std::string at = where + ": scenarios[" + std::to_string(i) + "]";
    if (!s.is_object()) return invalid_argument(at + " must be an object {name, budget_change_percent}");
    Result<double> pct = json_number(s, "budget_change_percent", at);
    if (!pct.ok())
      return invalid_argument(
          at + ": missing or non-numeric \"budget_change_percent\"; expected a number >= -100 such as 20");
    if (pct.value() < -100)
      return invalid_argument(at + ": \"budget_change_percent\" is " + format_number(pct.value()) +
                              "; expected >= -100 (a budget cannot go below zero)");
    BudgetScenario scenario;
    scenario.budget_change_percent = pct.value();
    if (s.contains("name") && !s["name"].is_string()) return invalid_argument(at + ": \"name\" must be a string");
    scenario.name = s.contains("name") ? s["name"].get<std::string>() : default_name(pct.value());
    spec.scenarios.push_back(scenario);
  }
  return spec;
}

Result<nlohmann::ordered_json> simulate_budget(const BudgetSimulationSpec& spec) {
  if (!(spec.base_budget > 0) || !std::isfinite(spec.base_budget))
    return invalid_argument("base budget is " + format_number(spec.base_budget) + "; expected a budget > 0");
  if (!(spec.baseline_revenue >= 0) || !(spec.baseline_conversions >= 0) || !std::isfinite(spec.baseline_revenue) ||
      !std::isfinite(spec.baseline_conversions))
    return invalid_argument("baseline revenue and conversions must be finite and >= 0");
  if (!(spec.exponent > 0 && spec.exponent <= 1))
    return invalid_argument("diminishing-returns exponent is " + format_number(spec.exponent) + "; expected (0, 1]");
  if (!(spec.exponent_noise >= 0) || !(spec.conversion_rate_noise >= 0))
    return invalid_argument("noise levels must be >= 0");
  if (spec.iterations < 1 || spec.iterations > kMaxIterations)
    return invalid_argument("iterations is " + std::to_string(spec.iterations) + "; expected a whole number in [1, " +
                            std::to_string(kMaxIterations) + "]");
  if (spec.scenarios.empty())
    return invalid_argument("no scenarios; expected at least one {name, budget_change_percent}");
  for (const BudgetScenario& s : spec.scenarios) {
    if (!(s.budget_change_percent >= -100) || !std::isfinite(s.budget_change_percent))
      return invalid_argument("scenario '" + s.name + "' changes the budget by " +
                              format_number(s.budget_change_percent) + "%; expected >= -100");
  }

  // Draws shared by every scenario: conversion-rate multiplier and exponent per iteration.
  const std::size_t n = static_cast<std::size_t>(spec.iterations);
  std::vector<double> cvr_mult(n), exponent(n);
  Rng rng(spec.seed, 0);
  for (std::size_t i = 0; i < n; ++i) {
    cvr_mult[i] = std::max(0.0, 1.0 + spec.conversion_rate_noise * sample_standard_normal(rng));
    exponent[i] = std::clamp(spec.exponent + spec.exponent_noise * sample_standard_normal(rng), 1e-3, 1.0);
  }

  const double base_roas = spec.baseline_revenue / spec.base_budget;
  nlohmann::ordered_json out;
  out["campaign_id"] = spec.campaign_id;
  out["seed"] = spec.seed;
  out["iterations"] = spec.iterations;
  out["time_horizon_days"] = spec.time_horizon_days;
  out["model"] = {{"diminishing_returns_exponent", spec.exponent},
                  {"exponent_noise", spec.exponent_noise},
                  {"conversion_rate_noise", spec.conversion_rate_noise},
                  {"revenue", "baseline_revenue * (spend / base_budget)^e * max(0, 1 + conversion_rate_noise * z)"}};
  out["baseline"] = {{"spend", round_to(spec.base_budget, 2)},
                     {"revenue", round_to(spec.baseline_revenue, 2)},
                     {"roas", round_to(base_roas, 4)},
                     {"conversions", round_to(spec.baseline_conversions, 2)}};
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  std::vector<double> revenue(n), conversions(n);
  for (const BudgetScenario& s : spec.scenarios) {
    const double ratio = 1.0 + s.budget_change_percent / 100.0;
    const double spend = spec.base_budget * ratio;
    const double log_ratio = ratio > 0 ? dmath::log(ratio) : 0;
    double revenue_sum = 0, conversions_sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double scale = ratio > 0 ? dmath::exp(exponent[i] * log_ratio) * cvr_mult[i] : 0.0;
      revenue[i] = spec.baseline_revenue * scale;
      conversions[i] = spec.baseline_conversions * scale;
      revenue_sum += revenue[i];
      conversions_sum += conversions[i];
    }
    const double mean_revenue = revenue_sum / static_cast<double>(n);
    const double mean_conversions = conversions_sum / static_cast<double>(n);
    std::sort(revenue.begin(), revenue.end());
    std::sort(conversions.begin(), conversions.end());
    const double r5 = analytics::quantile_sorted(revenue, 0.05), r95 = analytics::quantile_sorted(revenue, 0.95);
    const double marginal_spend = spend - spec.base_budget;
    nlohmann::ordered_json row;
    row["name"] = s.name;
    row["budget_change_percent"] = s.budget_change_percent;
    row["spend"] = round_to(spend, 2);
    row["revenue"] = round_to(mean_revenue, 2);
    row["roas"] =
        spend > 0 ? nlohmann::ordered_json(round_to(mean_revenue / spend, 4)) : nlohmann::ordered_json(nullptr);
    row["conversions"] = round_to(mean_conversions, 2);
    row["marginal_roas"] =
        marginal_spend != 0
            ? nlohmann::ordered_json(round_to((mean_revenue - spec.baseline_revenue) / marginal_spend, 4))
            : nlohmann::ordered_json(nullptr);
    row["confidence_interval"] = {round_to(r5, 2), round_to(r95, 2)};
    row["roas_interval"] = spend > 0 ? nlohmann::ordered_json({round_to(r5 / spend, 4), round_to(r95 / spend, 4)})
                                     : nlohmann::ordered_json(nullptr);
    row["conversions_interval"] = {round_to(analytics::quantile_sorted(conversions, 0.05), 2),
                                   round_to(analytics::quantile_sorted(conversions, 0.95), 2)};
    scenarios.push_back(std::move(row));
  }
  out["scenarios"] = std::move(scenarios);
  if (Status s = check_finite(out, "result"); !s.ok()) return s.error();
  return out;
}

}  // namespace learnloop
