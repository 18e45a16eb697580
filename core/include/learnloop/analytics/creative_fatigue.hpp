// Creative fatigue (spec 004's scorer): how worn out an ad creative is, from its daily delivery.
// Component scores for age, frequency, CTR decay and engagement decay, weighted 0.2 / 0.25 / 0.35 /
// 0.2 (a component without data drops out and the others are rescaled); levels low / medium / high
// / critical at 30 / 50 / 70 / 85; days until critical from a least-squares line through the
// daily fatigue scores of the last 14 days; a recommendation and actions that follow from the
// components. Pure functions; the store form reads the creative_metrics table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// One day of a creative's delivery; negative optional values mean "not reported".
struct CreativeDay {
  DayNumber day = 0;            ///< the metric date
  double impressions = 0;       ///< impressions that day, >= 0
  double clicks = 0;            ///< clicks that day, in [0, impressions]
  double reach = -1;            ///< unique users reached to date (cumulative), or < 0
  double frequency = -1;        ///< impressions per reached user to date, or < 0
  double engagement_rate = -1;  ///< engagements / impressions that day, or < 0
};

/// A creative and its daily history (any order; dates unique).
struct CreativeHistory {
  std::string creative_id;        ///< the creative
  std::string campaign_id;        ///< its campaign, may be empty
  std::string platform;           ///< its platform, may be empty
  std::vector<CreativeDay> days;  ///< daily rows
};

/// Fewest days of data a score needs (the first and last windows need two days each).
constexpr int kFatigueMinDays = 4;

/// Reads a history from records shaped like creative_metrics rows ({metric_date, impressions, clicks, reach?,
/// frequency?, engagement_rate?, creative_id?, campaign_id?, platform?}); errors name the record and field.
Result<CreativeHistory> creative_history_from_json(const nlohmann::json& records);

/// The fatigue of `history` as of day `as_of` (rows after it are ignored): the score object, or
/// {"status": "not_enough_data", "sample_size": n, ...} when fewer than kFatigueMinDays days are known.
nlohmann::ordered_json score_creative_fatigue(const CreativeHistory& history, DayNumber as_of);

/// Reads `records` (see creative_history_from_json) and scores them as of `date` (YYYY-MM-DD; empty: the latest
/// metric_date); an empty history gives the not_enough_data answer with sample_size 0.
Result<nlohmann::ordered_json> creative_fatigue_of_records(const nlohmann::json& records, const std::string& date);

/// Scores every creative in creative_metrics as of `date` (YYYY-MM-DD; empty: the latest metric_date),
/// most fatigued first, with counts per level; {"status": "no_data"} when the table has no rows to that day.
Result<nlohmann::ordered_json> creative_fatigue_report(Database& db, const std::string& date);

}  // namespace learnloop
