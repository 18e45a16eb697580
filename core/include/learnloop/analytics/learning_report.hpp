// The daily snapshot and the learning report, computed from the learning window's rows: every
// number, insight and recommendation comes from the data (no canned text). Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/snapshots.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// What a report is built from.
struct ReportInputs {
  DayNumber date = 0;                   ///< the report's day (last day of the window)
  DayNumber from = 0;                   ///< first day of the window
  OutcomeRows outcomes;                 ///< outcomes collected in the window (latest per content)
  std::vector<RetentionRow> retention;  ///< retention measured in the window (latest per content)
  nlohmann::ordered_json bandits;       ///< arm summaries from the learning job (or null)
  nlohmann::ordered_json models;        ///< model summaries from the learning job (or null)
};

/// The learning report over the window ending at inputs.date; {"status": "no_data"} explains an empty window.
nlohmann::ordered_json produce_learning_report(const ReportInputs& inputs);

/// The snapshot of inputs.date (rows collected that day), compared with the window, using `report`'s recommendations.
DailySnapshot build_daily_snapshot(const ReportInputs& inputs, const nlohmann::ordered_json& report);

}  // namespace learnloop
