// The rows the learning job and its reports work on: outcomes joined with content_metadata, and
// retention rows, for a range of days. Engagement rate = (likes + retweets + replies) /
// impressions unless the outcome stores a rate (the stored rate wins: it may count more actions).
#pragma once

#include <string>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// One piece of content with its latest outcome in the range.
struct OutcomeRow {
  std::string decision_id;       ///< content id
  std::string collected_at;      ///< when the outcome was collected
  DayNumber collected_day = 0;   ///< day of collected_at
  double impressions = 0;        ///< views
  double engagements = 0;        ///< likes + retweets + replies
  double engagement_rate = 0;    ///< stored rate, else engagements / impressions (0 without impressions)
  double followers_gained = 0;   ///< followers within 24 h
  double revenue = -1;           ///< attributed revenue; < 0 when unknown
  std::string platform;          ///< content_metadata fields; empty when the content is unknown
  std::string decision_type;     ///< single | thread | reply | ...
  std::string bandit_arm;        ///< content type
  std::string hook_type;         ///< hook
  std::string topic;             ///< topic
  double quality_score = -1;     ///< quality in [0, 1]; < 0 when unknown
  double cost = -1;              ///< cost; < 0 when unknown
  int posted_hour = -1;          ///< hour of posted_at (UTC); -1 when unknown
  DayNumber posted_day = -1;     ///< day of posted_at; -1 when unknown
  double duration_seconds = -1;  ///< content duration; < 0 when unknown
};

/// One retention measurement.
struct RetentionRow {
  std::string content_id;               ///< content id
  std::string platform;                 ///< platform
  double avg_watch_percentage = 0;      ///< mean watch percentage, 0..100
  double completion_rate = 0;           ///< share that finished, 0..1
  std::vector<double> drop_off_points;  ///< positions (fractions) where viewers dropped
  std::string measured_at;              ///< when it was measured
  DayNumber measured_day = 0;           ///< day of measured_at
  std::string content_type;             ///< content_metadata.bandit_arm; empty when the content is unknown
  std::string hook_type;                ///< content_metadata.hook_type; empty when unknown
  double duration_seconds = -1;         ///< content_metadata.duration_seconds; < 0 when unknown
};

/// Outcomes collected on days [from, to], the latest per content, ordered by decision_id.
Result<std::vector<OutcomeRow>> read_outcome_rows(Database& db, DayNumber from, DayNumber to);

/// Retention rows measured on days [from, to], the latest per content, ordered by content_id.
Result<std::vector<RetentionRow>> read_retention_rows(Database& db, DayNumber from, DayNumber to);

}  // namespace learnloop
