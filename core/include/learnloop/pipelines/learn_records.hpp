// The daily learning job over a service's own records, without a database: outcome records (the
// columns of outcomes joined with content_metadata) and optional retention records in, the updated
// bandit state, the fitted model documents and the learning report out. Same rules and same
// numbers as run_learning_job() on a database holding those rows.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "learnloop/core/progress.hpp"
#include "learnloop/core/status.hpp"

namespace learnloop {

/// One learning run over records.
struct RecordsLearnRequest {
  nlohmann::json records;  ///< array of outcome records: decision_id, collected_at, impressions, likes, ... posted_at,
                           ///< bandit_arm, ...
  nlohmann::json
      retention;         ///< array of retention records (content_id, avg_watch_percentage, ..., measured_at), or null
  nlohmann::json state;  ///< the `state` of the previous run, or null for the first run
  std::string date;      ///< day to learn (YYYY-MM-DD); "" means the latest collected_at day in `records`
  std::string today;     ///< today's UTC date from the host; a later `date` is refused ("" skips the check)
  int window_days = 7;   ///< days of outcomes the predictors and the report use, ending at `date`
  double success_threshold = 0.03;  ///< an engagement rate above this is a success for the bandits
};

/// Runs the job: {date, outcomes_read, new_outcomes, bandits, models, snapshot, report, state, model_documents}.
Result<nlohmann::ordered_json> learn_from_records(const RecordsLearnRequest& request, ProgressSink* progress);

}  // namespace learnloop
