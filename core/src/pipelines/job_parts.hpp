// Internal: the learning job's parts (bandits, models), each over the window's rows.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/analytics/learning_report.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/predictors/linear_model.hpp"
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

/// A state saved by bandit_state_json() (null gives the empty state); errors name `where`.
Result<BanditState> bandit_state_from_json(const nlohmann::json& saved, const std::string& where);

/// `state` updated with `rows` (success = engagement rate > threshold), through `date`, with the options' floor and
/// allowed arms set (and their forgetting for a bandit made now; a stored one with other forgetting is refused).
Result<BanditState> update_bandits(const BanditState& state, const std::vector<const OutcomeRow*>& rows,
                                   double threshold, DayNumber date, const JobBanditOptions& content_options = {},
                                   const JobBanditOptions& timing_options = {});

/// Arm summaries for the report: content arms by posterior mean, the best timing hours.
Result<nlohmann::ordered_json> bandit_summary(const BanditState& state, double threshold);

/// Replaces bandit_arms with `state`'s arms, stamped `date`.
Status write_bandit_arms(Database& db, const BanditState& state, DayNumber date);

/// The state as stored in learning_runs.bandit_state.
nlohmann::json bandit_state_json(const BanditState& state);

/// One predictor the job fitted.
struct FittedModel {
  std::string name;        ///< models.name, e.g. engagement_rate
  std::string kind;        ///< ridge | logistic
  LinearModel model;       ///< the fitted model
  std::size_t train_rows;  ///< rows it was trained on
};

/// The job's predictors for one day: a summary per model (metrics, or why it was skipped) and the fits.
struct ModelFits {
  nlohmann::ordered_json
      summary;  ///< {name: {status, model_id, kind, version, train_rows, test_rows, test} or {status, reason}}
  std::vector<FittedModel> fitted;  ///< the models with status "trained"
};

/// Fits the engagement-rate ridge and the follow-through logistic on the window's rows (no storage).
ModelFits fit_models(const std::vector<OutcomeRow>& rows, DayNumber date);

/// Stores `fits` in `models` as name@date; the newest fit per name becomes active.
Status register_models(Database& db, const ModelFits& fits, DayNumber date);

/// What one day of learning produces before anything is stored.
struct DayLearning {
  BanditState bandits;                                                ///< bandit state after this day
  ModelFits models;                                                   ///< the day's predictors
  nlohmann::ordered_json report;                                      ///< the learning report
  DailySnapshot snapshot;                                             ///< the daily snapshot
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();  ///< [{part, reason}] of what failed
};

/// Learns one day from the window's rows (`in` without bandits and models, which this fills in):
/// updates `previous` with `new_rows`, fits the predictors, builds the report and the snapshot.
Result<DayLearning> learn_day(ReportInputs& in, const BanditState& previous,
                              const std::vector<const OutcomeRow*>& new_rows, double threshold,
                              const JobBanditOptions& content_options = {},
                              const JobBanditOptions& timing_options = {});

/// The job's answer {date, status ("ok" | "partial": some part failed), problems [{part, reason}], outcomes_read,
/// new_outcomes, bandits, models, snapshot, report}.
nlohmann::ordered_json job_answer(const ReportInputs& in, std::size_t new_outcomes, const DayLearning& day);

}  // namespace learnloop::job
