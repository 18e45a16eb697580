// Internal: the learning job's parts (bandits, models), each over the window's rows.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/analytics/learning_report.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/pipelines/learn_job.hpp"
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

/// The first collected day the bandits have not counted: the day after `state.through`, or `from` on a first run.
DayNumber first_uncounted_day(const BanditState& state, DayNumber from);

/// A state saved by bandit_state_json() (null gives the empty state); errors name `where`.
Result<BanditState> bandit_state_from_json(const nlohmann::json& saved, const std::string& where);

/// `state` updated with `rows` (success = engagement rate > threshold), through `date`, with the options' floor and
/// allowed arms set (and their forgetting for a bandit made now; a stored one with other forgetting is refused).
Result<BanditState> update_bandits(const BanditState& state, const std::vector<const OutcomeRow*>& rows,
                                   double threshold, DayNumber date, const JobBanditOptions& content_options = {},
                                   const JobBanditOptions& timing_options = {});

/// The index of the arm called `name`, added at the end when the bandit has none.
Result<std::size_t> arm_of(Bandit& bandit, const std::string& name);

/// The bandit stored as `saved`, or a new one made with `config` when `saved` is null.
Result<std::unique_ptr<Bandit>> load_or_make(const nlohmann::json& saved, const BanditConfig& config);

/// Refuses options that ask a stored bandit (called `name` in the message) for other forgetting than it was made with.
Status check_forgetting(const Bandit& bandit, const JobBanditOptions& options, const std::string& name);

/// Sets the options' floor and allowed arms on `bandit` (called `name` in messages), when they give any.
Status apply_serving(Bandit& bandit, const JobBanditOptions& options, const std::string& name);

/// The day's bandits with their serving options applied, stored in `out`; `content` is null when no outcome so far
/// names a content arm (refused when content options were given).
Status store_served_bandits(Bandit* content, Bandit& timing, const JobBanditOptions& content_options,
                            const JobBanditOptions& timing_options, BanditState* out);

/// The config of a new content bandit: Thompson sampling over `arms`, a success above `threshold`, the options'
/// forgetting.
BanditConfig content_bandit_config(const std::vector<std::string>& arms, double threshold,
                                   const JobBanditOptions& options);

/// The config of a new timing bandit: UCB1 over the 24 posting hours, the options' forgetting.
BanditConfig timing_bandit_config(const JobBanditOptions& options);

/// True when the options set anything (floor, allowed arms or forgetting).
bool has_bandit_options(const JobBanditOptions& options);

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

/// Lists the models that failed in day.problems and marks the report "partial" when any did.
void note_problems(DayLearning& day);

/// The job's answer {date, status ("ok" | "partial": some part failed), problems [{part, reason}], outcomes_read,
/// new_outcomes, bandits, models, snapshot, report}.
nlohmann::ordered_json job_answer(const ReportInputs& in, std::size_t outcomes_read, std::size_t new_outcomes,
                                  const DayLearning& day);

/// A window of 1 to 366 days, else an error saying so.
Status check_window(int window_days);

/// `date` parsed, refused when it is after `today` ("" skips that check).
Result<DayNumber> checked_date(const std::string& date, const std::string& today);

/// A learning run's checks before it reads (date, window, threshold, schema, writable); the day it learns.
Result<DayNumber> check_learn_options(Database& db, const LearnOptions& options);

/// The run already committed for `date`, as {date, outcomes_read}; null when there is none.
Result<nlohmann::ordered_json> committed_run(Database& db, DayNumber date);

/// The answer when a run for the date is already committed: nothing of this run is stored.
nlohmann::ordered_json already_learned(DayNumber date, const nlohmann::ordered_json& run);

/// What a commit records besides the day's learning.
struct CommitInputs {
  DayNumber date = 0;              ///< the day learned
  std::size_t outcomes_read = 0;   ///< outcome rows in the window
  nlohmann::ordered_json bandits;  ///< bandit summary (learning_runs.summary)
  nlohmann::ordered_json models;   ///< model summary (learning_runs.summary)
  std::function<Status()> also;    ///< more writes of the same transaction (may be empty)
  TaskPair* tasks = nullptr;       ///< runs the meta scores' rows ahead of their INSERT (null: in turn)
};

/// Stores one computed run in one short write transaction that claims the date; `already` is set instead (nothing
/// stored) when another run for the date committed first and `force` is off.
Status commit_run(Database& db, const CommitInputs& run, const DayLearning& result, const MetaScores& scores,
                  bool force, nlohmann::ordered_json* already);

}  // namespace learnloop::job
