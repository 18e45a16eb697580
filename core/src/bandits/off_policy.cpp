// IPS, SNIPS and DR estimators (Dudik, Langford & Li 2011; Swaminathan & Joachims 2015).
// DR: V = sum_a pi(a) q(a) + mean_i w_i (r_i - q(a_i)), where q(a) is the mean logged reward of
// action a; its standard error treats the direct-method term as fixed.
#include "learnloop/bandits/off_policy.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "learnloop/core/format.hpp"

namespace learnloop {

namespace {

OpeEstimate with_interval(double value, double std_error) {
  return {value, std_error, value - 1.96 * std_error, value + 1.96 * std_error};
}

// Mean and standard error of the mean of `terms`.
OpeEstimate mean_estimate(const std::vector<double>& terms) {
  const double n = static_cast<double>(terms.size());
  double sum = 0;
  for (double t : terms) sum += t;
  const double mean = sum / n;
  double ss = 0;
  for (double t : terms) ss += (t - mean) * (t - mean);
  return with_interval(mean, std::sqrt(ss / (n - 1) / n));
}

Status validate(const LoggedDecisions& log) {
  const std::size_t n = log.rewards.size();
  if (log.propensities.size() != n || log.target_probs.size() != n || (!log.actions.empty() && log.actions.size() != n))
    return invalid_argument("rewards, propensities, target probabilities and actions must have equal lengths; got " +
                            std::to_string(n) + ", " + std::to_string(log.propensities.size()) + ", " +
                            std::to_string(log.target_probs.size()) + ", " + std::to_string(log.actions.size()));
  if (n < 2) return invalid_argument("the log has " + std::to_string(n) + " rows; expected at least 2");
  for (std::size_t i = 0; i < n; ++i) {
    const std::string row = log.source_lines.size() == n ? "line " + std::to_string(log.source_lines[i]) + ": "
                                                         : "row " + std::to_string(i + 1) + ": ";
    if (!std::isfinite(log.rewards[i]))
      return invalid_argument(row + "reward is " + format_number(log.rewards[i]) + "; expected a finite number");
    const double p = log.propensities[i];
    if (!std::isfinite(p) || p <= 0 || p > 1)
      return invalid_argument(row + "propensity is " + format_number(p) + "; expected a probability in (0, 1]");
    const double t = log.target_probs[i];
    if (!std::isfinite(t) || t < 0 || t > 1)
      return invalid_argument(row + "target probability is " + format_number(t) + "; expected a probability in [0, 1]");
  }
  double total = 0;
  for (const auto& [action, prob] : log.target_distribution) {
    if (!std::isfinite(prob) || prob < 0 || prob > 1)
      return invalid_argument("target distribution: action '" + action + "' has probability " + format_number(prob) +
                              "; expected [0, 1]");
    total += prob;
  }
  if (!log.target_distribution.empty() && std::abs(total - 1) > 1e-6)
    return invalid_argument("target distribution sums to " + format_number(total) + "; expected 1");
  return {};
}

}  // namespace

Result<OpeReport> evaluate_off_policy(const LoggedDecisions& log) {
  Status valid = validate(log);
  if (!valid.ok()) return valid.error();
  const std::size_t n = log.rewards.size();
  std::vector<double> w(n);
  std::vector<double> wr(n);
  double sum_w = 0;
  double sum_w2 = 0;
  double sum_wr = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = log.target_probs[i] / log.propensities[i];
    wr[i] = w[i] * log.rewards[i];
    sum_w += w[i];
    sum_w2 += w[i] * w[i];
    sum_wr += wr[i];
  }
  if (sum_w <= 0)
    return invalid_argument("every target probability is 0: the target policy never takes a logged action");

  OpeReport report;
  report.n = n;
  report.ips = mean_estimate(wr);
  const double snips = sum_wr / sum_w;
  double snips_ss = 0;
  for (std::size_t i = 0; i < n; ++i) snips_ss += w[i] * w[i] * (log.rewards[i] - snips) * (log.rewards[i] - snips);
  report.snips = with_interval(snips, std::sqrt(snips_ss) / sum_w);
  report.ess = sum_w * sum_w / sum_w2;

  // Per-action mean reward model q(a), and the target's action distribution pi(a).
  const std::vector<std::string> single(n, "");
  const std::vector<std::string>& actions = log.actions.empty() ? single : log.actions;
  std::map<std::string, std::pair<double, double>> reward_by_action;  // sum, count
  std::map<std::string, double> weight_by_action;
  for (std::size_t i = 0; i < n; ++i) {
    auto& [sum, count] = reward_by_action[actions[i]];
    sum += log.rewards[i];
    count += 1;
    weight_by_action[actions[i]] += w[i];
  }
  auto q = [&](const std::string& a) {
    auto it = reward_by_action.find(a);
    return it == reward_by_action.end() ? 0.0 : it->second.first / it->second.second;
  };
  double direct = 0;
  report.dr_target_given = !log.target_distribution.empty() && !log.actions.empty();
  if (report.dr_target_given) {
    for (const auto& [action, prob] : log.target_distribution) direct += prob * q(action);
  } else {
    for (const auto& [action, weight] : weight_by_action) direct += weight / sum_w * q(action);
  }
  std::vector<double> corrections(n);
  for (std::size_t i = 0; i < n; ++i) corrections[i] = direct + w[i] * (log.rewards[i] - q(actions[i]));
  report.dr = mean_estimate(corrections);
  return report;
}

std::string ope_report_to_json(const OpeReport& r) {
  auto estimate = [](const OpeEstimate& e) {
    nlohmann::ordered_json j;
    j["value"] = e.value;
    j["stderr"] = e.std_error;
    j["ci95"] = {e.ci95_low, e.ci95_high};
    return j;
  };
  nlohmann::ordered_json out;
  out["n"] = r.n;
  out["ips"] = estimate(r.ips);
  out["snips"] = estimate(r.snips);
  out["dr"] = estimate(r.dr);
  out["dr"]["target_distribution"] = r.dr_target_given ? "given" : "estimated";
  out["ess"] = r.ess;
  return out.dump();
}

}  // namespace learnloop
