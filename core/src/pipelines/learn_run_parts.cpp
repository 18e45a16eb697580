// The learning run's checks and its commit, shared by the one-process job and the merge of a sharded run.
#include "job_parts.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop::job {
namespace {

Result<bool> is_latest_run(Database& db, DayNumber date) {
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "SELECT max(run_date) FROM learning_runs");
  if (!rows.ok()) return rows.error();
  return is_null(rows.value()[0][0]) || sql_text(rows.value()[0][0]) <= format_date(date);
}

}  // namespace

Status check_window(int window_days) {
  if (window_days < 1 || window_days > 366)
    return invalid_argument("window must be 1 to 366 days, got " + std::to_string(window_days));
  return {};
}

Result<DayNumber> checked_date(const std::string& date, const std::string& today) {
  Result<DayNumber> day = parse_date(date, "date");
  if (!day.ok()) return day;
  if (!today.empty()) {
    Result<DayNumber> now = parse_date(today, "today");
    if (!now.ok()) return now;
    if (day.value() > now.value())
      return invalid_argument("date " + date + " is in the future (today is " + today + ", UTC)");
  }
  return day;
}

Result<DayNumber> check_learn_options(Database& db, const LearnOptions& options) {
  Result<DayNumber> date = checked_date(options.date, options.today);
  if (!date.ok()) return date;
  if (Status s = check_window(options.window_days); !s.ok()) return s.error();
  if (!(options.success_threshold >= 0 && options.success_threshold < 1))
    return invalid_argument("success threshold must be in [0, 1)");
  if (Status s = check_schema(db); !s.ok()) return s.error();
  if (Status s = db.check_writable(); !s.ok()) return s.error();
  return date;
}

// The run already committed for `date`, as {date, outcomes_read}; null when there is none.
Result<nlohmann::ordered_json> committed_run(Database& db, DayNumber date) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT run_date, outcomes_read FROM learning_runs WHERE run_date = ?", {format_date(date)});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return nlohmann::ordered_json();
  return nlohmann::ordered_json{{"date", sql_text(rows.value()[0][0])},
                                {"outcomes_read", static_cast<std::int64_t>(sql_number(rows.value()[0][1]))}};
}

// The answer when another run for the date committed first: nothing of this run is stored.
nlohmann::ordered_json already_learned(DayNumber date, const nlohmann::ordered_json& run) {
  return {{"date", format_date(date)},
          {"status", "already_learned"},
          {"run", run},
          {"message", "a learning run for " + format_date(date) +
                          " is already committed; it is kept (learn again with force to replace it)"}};
}

// Stores one computed run in one short write transaction that claims the date; `already` is set instead when another
// run for the date committed first (and `force` is off).
Status commit_run(Database& db, const CommitInputs& run, const DayLearning& result, const MetaScores& scores,
                  bool force, nlohmann::ordered_json* already) {
  const DayNumber day = run.date;
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  Result<nlohmann::ordered_json> existing = committed_run(db, day);
  if (!existing.ok()) return existing.error();
  if (!existing.value().is_null() && !force) {
    *already = existing.value();
    return {};
  }
  if (Status s = register_models(db, result.models, day); !s.ok()) return s;
  if (Status s = write_daily_snapshot(db, result.snapshot); !s.ok()) return s;
  if (Status s = write_meta_scores(db, scores, day, run.tasks); !s.ok()) return s;
  // Checked at commit: a run for a later day may have committed while this one computed. A backfill is history only.
  Result<bool> latest = is_latest_run(db, day);
  if (!latest.ok()) return latest.error();
  if (latest.value()) {
    if (Status s = write_bandit_arms(db, result.bandits, day); !s.ok()) return s;
  }
  const nlohmann::ordered_json summary = {{"bandits", run.bandits}, {"models", run.models}};
  static const std::string kUpsert =
      upsert_sql("learning_runs", {"run_date", "outcomes_read", "bandit_state", "summary", "report"}, {"run_date"});
  if (Status s = run_statement(db, kUpsert,
                               {format_date(day), static_cast<std::int64_t>(run.outcomes_read),
                                bandit_state_json(result.bandits).dump(), summary.dump(), result.report.dump()});
      !s.ok())
    return s;
  if (run.also) {
    if (Status s = run.also(); !s.ok()) return s;
  }
  return tx.commit();
}

}  // namespace learnloop::job
