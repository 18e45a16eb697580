// Off-policy evaluation from logged bandit decisions: how would a target policy have done,
// judged from data a logging policy collected? Inverse propensity scoring (IPS), self-normalised
// IPS (SNIPS) and doubly robust (DR) with a per-action mean-reward model, each with a standard
// error and a 95% normal interval, plus the effective sample size of the importance weights.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Logged decisions, one entry per row in every vector.
struct LoggedDecisions {
  std::vector<double> rewards;       ///< observed reward of the logged action (finite)
  std::vector<double> propensities;  ///< logging policy's probability of the logged action, in (0, 1]
  std::vector<double> target_probs;  ///< target policy's probability of the logged action, in [0, 1]
  std::vector<std::string> actions;  ///< logged action ids; optional (empty: DR uses one global mean)
  /// Target policy's probability of every action, if it is context-free and known; otherwise DR
  /// estimates it from the log as sum of weights per action / sum of weights.
  std::map<std::string, double> target_distribution;
  /// Source line of each row, for messages ("line 17: ..."); optional (default "row 17: ...").
  std::vector<std::size_t> source_lines;
};

/// One estimate with its uncertainty.
struct OpeEstimate {
  double value = 0;      ///< estimated value of the target policy (mean reward per decision)
  double std_error = 0;  ///< standard error
  double ci95_low = 0;   ///< value - 1.96 standard errors
  double ci95_high = 0;  ///< value + 1.96 standard errors
};

/// The three estimates and the effective sample size.
struct OpeReport {
  std::size_t n = 0;             ///< number of logged decisions
  OpeEstimate ips;               ///< mean of w r, w = target / propensity
  OpeEstimate snips;             ///< sum of w r / sum of w (delta-method standard error)
  OpeEstimate dr;                ///< doubly robust with per-action mean rewards
  double ess = 0;                ///< (sum w)^2 / sum w^2
  bool dr_target_given = false;  ///< true when DR used the given target distribution
};

/// Validates the log (lengths, ranges) and computes the estimates; needs at least 2 rows.
Result<OpeReport> evaluate_off_policy(const LoggedDecisions& log);

/// The report as JSON {"n","ips":{"value","stderr","ci95":[lo,hi]},"snips":{..},"dr":{..},"ess"}.
std::string ope_report_to_json(const OpeReport& report);

}  // namespace learnloop
