// The content analytics' analysis window (see analysis_window.hpp): the window's days from the
// requested date or the latest collected outcome, then its rows through window_rows.
#include "learnloop/store/analysis_window.hpp"

#include "learnloop/store/schema.hpp"

namespace learnloop {

Result<std::pair<DayNumber, DayNumber>> analysis_window(Database& db, const std::string& date, int days) {
  if (days < 1 || days > 3660) return invalid_argument("days must be in [1, 3660], got " + std::to_string(days));
  if (!date.empty()) {
    Result<DayNumber> to = parse_date(date, "date");
    if (!to.ok()) return to.error();
    return std::make_pair(to.value() - days + 1, to.value());
  }
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "SELECT max(collected_at) FROM outcomes");
  if (!rows.ok()) return rows.error();
  if (is_null(rows.value()[0][0])) return std::make_pair(DayNumber{-1}, DayNumber{-1});
  Result<DayNumber> to = timestamp_day(sql_text(rows.value()[0][0]));
  if (!to.ok()) return to.error();
  return std::make_pair(to.value() - days + 1, to.value());
}

Result<WindowHistory> read_window_history(Database& db, const std::string& date, int days, bool with_retention) {
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::pair<DayNumber, DayNumber>> window = analysis_window(db, date, days);
  if (!window.ok()) return window.error();
  WindowHistory out;
  out.from = window.value().first;
  out.to = window.value().second;
  if (out.from < 0) return out;
  Result<OutcomeRows> outcomes = read_outcome_rows(db, out.from, out.to);
  if (!outcomes.ok()) return outcomes.error();
  out.outcomes = std::move(outcomes).value();
  if (with_retention) {
    Result<std::vector<RetentionRow>> retention = read_retention_rows(db, out.from, out.to);
    if (!retention.ok()) return retention.error();
    out.retention = std::move(retention).value();
  }
  return out;
}

}  // namespace learnloop
