// The analysis window the content analytics read (best time, virality): which days it covers, and
// its outcome and retention rows. Reads through the Database interface only.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// The analysis window [from, to]: `to` is `date` (YYYY-MM-DD) or, when empty, the latest day an outcome was
/// collected; `days` must be in [1, 3660]. Returns {-1, -1} when `date` is empty and there are no outcomes.
Result<std::pair<DayNumber, DayNumber>> analysis_window(Database& db, const std::string& date, int days);

/// The rows of one analysis window; from = to = -1 (and no rows) when the store has no outcomes yet.
struct WindowHistory {
  DayNumber from = -1;                  ///< first day of the window
  DayNumber to = -1;                    ///< last day of the window
  OutcomeRows outcomes;                 ///< read_outcome_rows() of the window
  std::vector<RetentionRow> retention;  ///< read_retention_rows() of the window (empty unless asked for)
};

/// Checks the schema, resolves analysis_window(db, date, days) and reads its outcome rows, and its retention rows
/// when `with_retention`.
Result<WindowHistory> read_window_history(Database& db, const std::string& date, int days, bool with_retention);

}  // namespace learnloop
