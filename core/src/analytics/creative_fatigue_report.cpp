// The store form of the creative fatigue scorer: reads creative_metrics up to the day, scores
// each creative with score_creative_fatigue() and orders them most fatigued first.
#include <algorithm>

#include "learnloop/analytics/creative_fatigue.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop {
namespace {

double optional_number(const SqlValue& v) { return is_null(v) ? -1.0 : sql_number(v); }

}  // namespace

Result<nlohmann::ordered_json> creative_fatigue_report(Database& db, const std::string& date) {
  if (Status s = check_schema(db); !s.ok()) return s.error();
  std::string day_text = date;
  if (day_text.empty()) {
    Result<std::vector<std::vector<SqlValue>>> latest = query_rows(db, "SELECT max(metric_date) FROM creative_metrics");
    if (!latest.ok()) return latest.error();
    day_text = sql_text(latest.value()[0][0]);
  }
  nlohmann::ordered_json out;
  nlohmann::ordered_json levels = {{"critical", 0}, {"high", 0}, {"medium", 0}, {"low", 0}, {"not_enough_data", 0}};
  if (day_text.empty()) {
    out["date"] = nullptr;
    out["status"] = "no_data";
    out["message"] =
        "creative_metrics has no rows; ingest daily creative metrics into the creative_metrics table first";
    out["creatives"] = 0;
    out["levels"] = levels;
    out["results"] = nlohmann::ordered_json::array();
    return out;
  }
  Result<DayNumber> as_of = parse_date(day_text, "date");
  if (!as_of.ok()) return as_of.error();
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      "SELECT creative_id, campaign_id, platform, metric_date, impressions, clicks, reach, frequency, engagement_rate "
      "FROM creative_metrics WHERE metric_date <= ? ORDER BY creative_id, metric_date",
      {format_date(as_of.value())});
  if (!rows.ok()) return rows.error();
  std::vector<nlohmann::ordered_json> results;
  CreativeHistory current;
  const auto finish = [&] {
    if (!current.creative_id.empty()) results.push_back(score_creative_fatigue(current, as_of.value()));
    current = CreativeHistory{};
  };
  for (const std::vector<SqlValue>& r : rows.value()) {
    const std::string id = sql_text(r[0]);
    if (id != current.creative_id) finish();
    current.creative_id = id;
    if (current.campaign_id.empty()) current.campaign_id = sql_text(r[1]);
    if (current.platform.empty()) current.platform = sql_text(r[2]);
    Result<DayNumber> day = parse_date(sql_text(r[3]), "metric_date");
    if (!day.ok()) return day.error();
    CreativeDay d;
    d.day = day.value();
    d.impressions = sql_number(r[4]);
    d.clicks = sql_number(r[5]);
    d.reach = optional_number(r[6]);
    d.frequency = optional_number(r[7]);
    d.engagement_rate = optional_number(r[8]);
    current.days.push_back(d);
  }
  finish();
  std::stable_sort(results.begin(), results.end(),
                   [](const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
                     const bool ar = a["status"] == "ok", br = b["status"] == "ok";
                     if (ar != br) return ar;
                     return ar && a["fatigue_score"].get<double>() > b["fatigue_score"].get<double>();
                   });
  for (const nlohmann::ordered_json& r : results) {
    const std::string key = r["status"] == "ok" ? r["fatigue_level"].get<std::string>() : "not_enough_data";
    levels[key] = levels[key].get<int>() + 1;
  }
  out["date"] = format_date(as_of.value());
  out["status"] = results.empty() ? "no_data" : "ok";
  if (results.empty()) out["message"] = "creative_metrics has no rows up to " + format_date(as_of.value());
  out["creatives"] = results.size();
  out["levels"] = std::move(levels);
  out["results"] = std::move(results);
  return out;
}

}  // namespace learnloop
