// Internal: the learning job's parts (bandits, models), each over the window's rows.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop::job {

/// Bandit state carried from run to run: the content and timing bandits and the last day they saw.
struct BanditState {
  nlohmann::json content;  ///< content bandit state (learnloop.bandit JSON) or null before any content
  nlohmann::json timing;   ///< timing bandit state or null
  std::string through;     ///< last collected day already counted ("" when none)
};

/// The state of the latest run before `date` (empty state when there is none).
Result<BanditState> previous_bandit_state(Database& db, DayNumber date);

/// `state` updated with `rows` (success = engagement rate > threshold), through `date`.
Result<BanditState> update_bandits(const BanditState& state, const std::vector<OutcomeRow>& rows, double threshold, DayNumber date);

/// Arm summaries for the report: content arms by posterior mean, the best timing hours.
Result<nlohmann::ordered_json> bandit_summary(const BanditState& state, double threshold);

/// Replaces bandit_arms with `state`'s arms, stamped `date`.
Status write_bandit_arms(Database& db, const BanditState& state, DayNumber date);

/// The state as stored in learning_runs.bandit_state.
nlohmann::json bandit_state_json(const BanditState& state);

/// Fits and stores the engagement-rate ridge and the follow-through logistic on the window's rows;
/// returns their summaries (metrics, or why a model was skipped).
Result<nlohmann::ordered_json> train_models(Database& db, const std::vector<OutcomeRow>& rows, DayNumber date);

}  // namespace learnloop::job
