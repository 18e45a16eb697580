// Daily snapshots in the daily_snapshots table: one row per day, replaced when a day is rebuilt.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// One day's snapshot, as stored in daily_snapshots.
struct DailySnapshot {
  std::string snapshot_date;                ///< YYYY-MM-DD
  std::int64_t total_content_analyzed = 0;  ///< content with an outcome or retention row that day
  nlohmann::json avg_retention;             ///< mean avg_watch_percentage (null without retention rows)
  nlohmann::json avg_engagement_rate;       ///< mean engagement rate (null without outcomes)
  nlohmann::json best_content_ids;          ///< up to 3 ids with the highest engagement rate
  nlohmann::json insights;                  ///< sentences computed from the day against its window
  nlohmann::json recommendations;           ///< the report's top recommendation per area
};

/// Writes (or replaces) the snapshot of its day.
Status write_daily_snapshot(Database& db, const DailySnapshot& snapshot);

/// Snapshots of days [from, to] (YYYY-MM-DD, inclusive), oldest first.
Result<std::vector<DailySnapshot>> read_daily_snapshots(Database& db, const std::string& from, const std::string& to);

/// The snapshot as a JSON object with the daily_snapshots column names.
nlohmann::ordered_json snapshot_to_json(const DailySnapshot& snapshot);

}  // namespace learnloop
