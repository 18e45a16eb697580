// The learning job's orchestration, by the concurrency contract of DESIGN.md: read one snapshot of the window (a read
// transaction) and stream it in chunks into the job's partial state (learn_partial.hpp: the window is never held
// whole), finish the bandits, models, snapshot, report and meta-learning scores holding no lock, then claim the date
// and store everything in one short write transaction. A run that finds the date already committed stores nothing and
// answers already_learned (force replaces).
#include "learnloop/pipelines/learn_job.hpp"

#include <optional>

#include "job_parts.hpp"
#include "learn_partial.hpp"
#include "learnloop/analytics/learning_report.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/analytics/report_partial.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/store/window_stream.hpp"

namespace learnloop {
namespace {

constexpr int kSteps = 4;

void step(ProgressSink* progress, int done) {
  if (progress) progress->on_progress("learning", static_cast<std::uint64_t>(done), kSteps);
}

// Everything one run reads, from one snapshot of the database: the window streamed into a partial (the window is
// never held: memory is a chunk of rows plus the partial's state), and what the partial does not hold.
struct WindowRead {
  job::BanditState previous;                 // the state of the latest run before the date
  std::vector<RetentionRow> retention;       // the window's retention rows
  CaptionEmbeddings captions;                // caption embeddings of the window, for the meta scores
  std::optional<job::LearnPartial> partial;  // every part's state over the whole window
};

Result<WindowRead> read_window(Database& db, const LearnOptions& options, DayNumber day, DayNumber from) {
  WindowRead r;
  Result<job::BanditState> previous = job::previous_bandit_state(db, day);
  if (!previous.ok()) return previous.error();
  r.previous = std::move(previous).value();
  Result<std::vector<RetentionRow>> retention = read_retention_rows(db, from, day);
  if (!retention.ok()) return retention.error();
  r.retention = std::move(retention).value();
  Result<CaptionEmbeddings> captions = read_caption_embeddings(db, from, day);
  if (!captions.ok()) return captions.error();
  r.captions = std::move(captions).value();
  std::vector<std::string> caption_ids;
  for (const auto& [id, vector] : r.captions) caption_ids.push_back(id);
  Result<job::LearnPartial> partial =
      job::stream_partial(db, options, day, r.previous, ShardSpec{0, 1}, r.retention, std::move(caption_ids), true);
  if (!partial.ok()) return partial.error();
  r.partial.emplace(std::move(partial).value());
  return r;
}

// The window read in one read transaction; `already` is set instead (and nothing read) when a run for the day is
// committed and `force` is off.
Result<WindowRead> read_snapshot(Database& db, const LearnOptions& options, DayNumber day, DayNumber from,
                                 nlohmann::ordered_json* already) {
  ReadTransaction snapshot(db);
  if (!snapshot.status().ok()) return snapshot.status().error();
  if (!options.force) {
    Result<nlohmann::ordered_json> existing = job::committed_run(db, day);
    if (!existing.ok()) return existing.error();
    if (!existing.value().is_null()) {
      *already = existing.value();
      return WindowRead{};
    }
  }
  Result<WindowRead> read = read_window(db, options, day, from);
  if (!read.ok()) return read;
  if (Status s = snapshot.end(); !s.ok()) return s.error();
  return read;
}

}  // namespace

Result<nlohmann::ordered_json> run_learning_job(Database& db, const LearnOptions& options, ProgressSink* progress) {
  Result<DayNumber> date = job::check_learn_options(db, options);
  if (!date.ok()) return date.error();
  const DayNumber day = date.value(), from = day - options.window_days + 1;

  // 1. One consistent snapshot, read without the write lock: writers go on meanwhile.
  step(progress, 0);
  nlohmann::ordered_json already;
  Result<WindowRead> read = read_snapshot(db, options, day, from, &already);
  if (!read.ok()) return read.error();
  if (!already.is_null()) return job::already_learned(day, already);
  step(progress, 1);

  // 2. Compute holding no lock, then 3. one short write transaction claims the date and stores the run. The meta
  // scores are written for the content whose outcome came in on this day (each item once, not once per day it stays
  // in the window), scored against the whole window.
  ReportInputs in;
  in.date = day;
  in.from = from;
  in.retention = std::move(read.value().retention);
  return job::finish_and_commit(db, *read.value().partial, read.value().previous, in, read.value().captions, options, 0,
                                {}, [progress](int done) { step(progress, done); });
}

Result<nlohmann::ordered_json> learning_report_for(Database& db, const std::string& date, int window_days) {
  Result<DayNumber> day = parse_date(date, "date");
  if (!day.ok()) return day.error();
  if (Status s = job::check_window(window_days); !s.ok()) return s.error();
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::vector<std::vector<SqlValue>>> stored =
      query_rows(db, "SELECT report FROM learning_runs WHERE run_date = ?", {format_date(day.value())});
  if (!stored.ok()) return stored.error();
  if (!stored.value().empty()) {
    nlohmann::ordered_json parsed = parse_json_or_discarded<nlohmann::ordered_json>(sql_text(stored.value()[0][0]));
    if (parsed.is_discarded())
      return Error{ErrorCode::kParseError, "learning_runs.report of " + date + " is not valid JSON"};
    return parsed;
  }
  // No run stored: the report of the window as it is, streamed through the report's partial (no bandits or models).
  const DayNumber from = day.value() - window_days + 1;
  ReadTransaction snapshot(db);
  if (!snapshot.status().ok()) return snapshot.status().error();
  Result<std::vector<RetentionRow>> retention = read_retention_rows(db, from, day.value());
  if (!retention.ok()) return retention.error();
  ReportPartial partial(day.value(), from, retention.value());
  Status read = for_each_outcome_chunk(db, from, day.value(), ShardSpec{0, 1}, job::kWindowChunkRows,
                                       [&partial](const OutcomeRows& chunk) {
                                         for (const OutcomeRow& r : chunk) partial.add(r);
                                         return Status{};
                                       });
  if (!read.ok()) return read.error();
  if (Status s = snapshot.end(); !s.ok()) return s.error();
  return partial.report(retention.value(), nlohmann::ordered_json(), nlohmann::ordered_json());
}

Result<nlohmann::ordered_json> learning_history(Database& db, const std::string& today, int days) {
  Result<DayNumber> end = parse_date(today, "today");
  if (!end.ok()) return end.error();
  if (days < 1) return invalid_argument("days must be >= 1, got " + std::to_string(days));
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      "SELECT r.run_date, r.outcomes_read, r.summary, s.total_content_analyzed, s.avg_engagement_rate, s.avg_retention "
      "FROM learning_runs r LEFT JOIN daily_snapshots s ON s.snapshot_date = r.run_date "
      "WHERE r.run_date > ? AND r.run_date <= ? ORDER BY r.run_date",
      {format_date(end.value() - days), format_date(end.value())});
  if (!rows.ok()) return rows.error();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::vector<SqlValue>& r : rows.value()) {
    const nlohmann::json summary =
        parse_json(sql_text(r[2])).ok() ? parse_json(sql_text(r[2])).value() : nlohmann::json::object();
    const nlohmann::json content =
        summary.value("bandits", nlohmann::json::object()).value("content", nlohmann::json::object());
    const nlohmann::json ridge =
        summary.value("models", nlohmann::json::object()).value("engagement_rate", nlohmann::json::object());
    const auto number_or_null = [](const SqlValue& v) {
      return is_null(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(sql_number(v));
    };
    const auto count_or_null = [](const SqlValue& v) {
      return is_null(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(static_cast<std::int64_t>(sql_number(v)));
    };
    out.push_back({{"date", sql_text(r[0])},
                   {"outcomes_read", static_cast<std::int64_t>(sql_number(r[1]))},
                   {"content_analyzed", count_or_null(r[3])},
                   {"avg_engagement_rate", number_or_null(r[4])},
                   {"avg_retention", number_or_null(r[5])},
                   {"recommended_content_type", content.value("recommended", nlohmann::json())},
                   {"engagement_model_r2",
                    ridge.contains("test") ? ridge["test"].value("r2", nlohmann::json()) : nlohmann::json()}});
  }
  return out;
}

}  // namespace learnloop
