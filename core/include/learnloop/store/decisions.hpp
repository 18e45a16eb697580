// Decisions served from the store (issue 18 items 7 and 9): the content or timing bandit as the
// latest learning run left it (with the job's floor and allowed arms), the decisions table that
// logs what it served with each propensity, and off-policy evaluation of a candidate policy on
// that log. JSON answers use the CLI's keys; timing arms carry their integer hour. No I/O.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// A bandit served from the store.
struct StoredBandit {
  std::unique_ptr<Bandit> bandit;  ///< the scope's bandit as the latest learning run stored it
  std::string scope;               ///< content | timing
  std::string policy_version;      ///< scope@run_date of that run
};

/// The scope's bandit from the latest learning run (by run date); its selection generator restarts at stream
/// 4 + the decisions already logged for the scope, so each logged batch draws afresh. not_found before any run
/// learned the scope.
Result<StoredBandit> load_stored_bandit(Database& db, const std::string& scope);

/// {scope, policy, policy_version, floor, draws, arms: [{arm, hour (timing), probability}]} of `probs`.
nlohmann::ordered_json decision_probabilities_json(const StoredBandit& served, const std::vector<double>& probs);

/// One pick as JSON {arm, hour (timing), propensity} (+ decision_id when logged).
nlohmann::ordered_json decision_pick_json(const StoredBandit& served, const Selection& pick);

/// One served arm to log, with the probability it was served with.
struct ServedPick {
  std::string arm;        ///< arm name (timing: h00..h23)
  double propensity = 0;  ///< in (0, 1]
};

/// Writes one decisions row per pick in one transaction; ids are `decision_ids` (one per pick, or empty:
/// generated as policy_version-N) and are returned. `context` (an object or null) and `decided_at` apply to all.
Result<std::vector<std::string>> log_decisions(Database& db, const std::string& scope,
                                               const std::string& policy_version, const std::vector<ServedPick>& picks,
                                               const std::vector<std::string>& decision_ids,
                                               const nlohmann::json& context, const std::string& decided_at);

/// Off-policy evaluation on the scope's logged decisions joined with their latest outcomes (reward 1 when the
/// engagement rate is above `success_threshold`): `target` is a bandit state (learnloop.bandit) or
/// {"probabilities": {arm: p}}. Answers {scope, target, success_threshold, decisions, decisions_without_outcomes,
/// n, ips, snips, dr, ess}; refuses (naming the arm or the decision) a target that names unknown arms or puts mass
/// where the log cannot show its value, and logged propensities outside (0, 1].
Result<nlohmann::ordered_json> evaluate_logged_decisions(Database& db, const std::string& scope,
                                                         const nlohmann::json& target, double success_threshold);

}  // namespace learnloop
