// daily_snapshots reads and writes.
#include "learnloop/store/snapshots.hpp"

#include "learnloop/core/dates.hpp"
#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

SqlValue number_or_null(const nlohmann::json& v) { return v.is_number() ? SqlValue{v.get<double>()} : SqlValue{}; }
nlohmann::json json_or_null(const SqlValue& v) { return is_null(v) ? nlohmann::json() : nlohmann::json(sql_number(v)); }
nlohmann::json parsed_array(const SqlValue& v) {
  Result<nlohmann::json> j = parse_json(sql_text(v));
  return j.ok() ? j.value() : nlohmann::json::array();
}

}  // namespace

Status write_daily_snapshot(Database& db, const DailySnapshot& s) {
  if (Result<DayNumber> d = parse_date(s.snapshot_date, "snapshot_date"); !d.ok()) return d.error();
  static const std::string kUpsert =
      upsert_sql("daily_snapshots",
                 {"snapshot_date", "total_content_analyzed", "avg_retention", "avg_engagement_rate", "best_content_ids",
                  "insights", "recommendations", "created_at"},
                 {"snapshot_date"});
  return run_statement(db, kUpsert,
                       {s.snapshot_date, s.total_content_analyzed, number_or_null(s.avg_retention),
                        number_or_null(s.avg_engagement_rate), s.best_content_ids.dump(), s.insights.dump(),
                        s.recommendations.dump(), s.snapshot_date});
}

Result<std::vector<DailySnapshot>> read_daily_snapshots(Database& db, const std::string& from, const std::string& to) {
  Result<DayNumber> a = parse_date(from, "from");
  if (!a.ok()) return a.error();
  Result<DayNumber> b = parse_date(to, "to");
  if (!b.ok()) return b.error();
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db,
                 "SELECT snapshot_date, total_content_analyzed, avg_retention, avg_engagement_rate, best_content_ids, "
                 "insights, recommendations "
                 "FROM daily_snapshots WHERE snapshot_date >= ? AND snapshot_date <= ? ORDER BY snapshot_date",
                 {from, to});
  if (!rows.ok()) return rows.error();
  std::vector<DailySnapshot> out;
  for (const std::vector<SqlValue>& r : rows.value()) {
    out.push_back({sql_text(r[0]), static_cast<std::int64_t>(sql_number(r[1])), json_or_null(r[2]), json_or_null(r[3]),
                   parsed_array(r[4]), parsed_array(r[5]), parsed_array(r[6])});
  }
  return out;
}

nlohmann::ordered_json snapshot_to_json(const DailySnapshot& s) {
  return {{"snapshot_date", s.snapshot_date},       {"total_content_analyzed", s.total_content_analyzed},
          {"avg_retention", s.avg_retention},       {"avg_engagement_rate", s.avg_engagement_rate},
          {"best_content_ids", s.best_content_ids}, {"insights", s.insights},
          {"recommendations", s.recommendations}};
}

}  // namespace learnloop
