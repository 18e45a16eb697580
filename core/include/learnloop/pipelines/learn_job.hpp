// The daily learning job (spec 003's learnJob, done for real): read the outcomes of the window
// joined with content_metadata, update the content bandit (Thompson sampling on engagement rate
// above a threshold) and the timing bandit (UCB1 over posting hours), retrain the engagement-rate
// ridge and the follow-through logistic model on real rows, persist arms and models, write the
// daily snapshot and the learning report, and record a learning_runs row. It reads one snapshot,
// streaming the window in chunks into sufficient statistics (memory does not hold the window: see
// bench/RESULTS.md for what still grows with it), computes without the write lock and stores
// everything in one short transaction that claims the date: a job killed midway leaves the database
// as it was, and a date is learned once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "learnloop/core/progress.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// Settings of one learning run.
struct LearnOptions {
  std::string date;                 ///< the day to learn (YYYY-MM-DD)
  std::string today;                ///< today's UTC date from the host; a later `date` is refused ("" skips the check)
  std::string now;                  ///< the host's UTC time, stamped on a shard's partial ("" stamps `today`)
  int window_days = 7;              ///< days of outcomes the predictors and the report use, ending at `date`
  double success_threshold = 0.03;  ///< an engagement rate above this is a success for the bandits
  bool force = false;               ///< replace a run already committed for the date (else: already_learned)
  JobBanditOptions content_bandit;  ///< content bandit: forgetting, floor, allowed arms (stored with its state)
  JobBanditOptions timing_bandit;   ///< timing bandit: forgetting, floor, allowed hours (stored with its state)
  TaskPair* tasks = nullptr;        ///< runs the run's independent steps at once (same results); null: in turn
};

/// Runs the job for options.date; returns {date, status: "ok", outcomes_read, new_outcomes, bandits, models,
/// snapshot, report}, or {date, status: "already_learned", run: {date, outcomes_read}, message} when a run for the
/// date is already committed (and options.force is off), having stored nothing.
Result<nlohmann::ordered_json> run_learning_job(Database& db, const LearnOptions& options, ProgressSink* progress);

/// The report of `date`: the stored one of its learning run, else computed now from the data (without bandits and
/// models).
Result<nlohmann::ordered_json> learning_report_for(Database& db, const std::string& date, int window_days = 7);

/// Learning runs of the `days` days ending at `today`, oldest first, with their snapshot figures.
Result<nlohmann::ordered_json> learning_history(Database& db, const std::string& today, int days);

}  // namespace learnloop
