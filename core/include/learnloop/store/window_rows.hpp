// The rows the learning job and its reports work on: outcomes joined with content_metadata, and
// retention rows, for a range of days. Engagement rate = (likes + retweets + replies) /
// impressions unless the outcome stores a rate (the stored rate wins: it may count more actions).
// An outcome row's text fields are views into the TextPool its OutcomeRows owns (categories stored once
// per distinct value), so a window of a million rows holds no heap string per row.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/text_pool.hpp"

namespace learnloop {

/// One piece of content with its latest outcome in the range; its text lives in a TextPool (see OutcomeRows).
struct OutcomeRow {
  std::string_view decision_id;    ///< content id
  std::string_view collected_at;   ///< when the outcome was collected
  DayNumber collected_day = 0;     ///< day of collected_at
  double impressions = 0;          ///< views
  double engagements = 0;          ///< likes + retweets + replies
  double engagement_rate = 0;      ///< stored rate, else engagements / impressions (0 without impressions)
  double followers_gained = 0;     ///< followers within 24 h
  double revenue = -1;             ///< attributed revenue; < 0 when unknown
  std::string_view platform;       ///< content_metadata fields; empty when the content is unknown
  std::string_view decision_type;  ///< single | thread | reply | ...
  std::string_view bandit_arm;     ///< content type
  std::string_view hook_type;      ///< hook
  std::string_view topic;          ///< topic
  double quality_score = -1;       ///< quality in [0, 1]; < 0 when unknown
  double cost = -1;                ///< cost; < 0 when unknown
  int posted_hour = -1;            ///< hour of posted_at (UTC); -1 when unknown
  DayNumber posted_day = -1;       ///< day of posted_at; -1 when unknown
  double duration_seconds = -1;    ///< content duration; < 0 when unknown
};

/// Outcome rows with the pool that holds their text: pass it where a std::vector<OutcomeRow> is taken. Copies
/// share the pool (a subset copied out of it stays valid while any copy lives); keep it, not a sliced vector, to own
/// the rows.
class OutcomeRows : public std::vector<OutcomeRow> {
 public:
  /// No rows, a new pool.
  OutcomeRows() : pool_(std::make_shared<TextPool>()) {}
  /// No rows, sharing `other`'s pool (for a subset of its rows).
  static OutcomeRows sharing_pool(const OutcomeRows& other) {
    OutcomeRows out;
    out.pool_ = other.pool_;
    return out;
  }
  /// Drops every row and starts a new pool (the old one lives on with any copy sharing it), keeping the rows' capacity:
  /// a streamed read refills one buffer instead of allocating a chunk's worth again.
  void restart() {
    clear();
    pool_ = std::make_shared<TextPool>();
  }
  /// The pool of the rows' text: where text of rows added to these rows goes.
  TextPool& pool() {
    if (!pool_) pool_ = std::make_shared<TextPool>();  // a moved-from OutcomeRows
    return *pool_;
  }

 private:
  std::shared_ptr<TextPool> pool_;
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
Result<OutcomeRows> read_outcome_rows(Database& db, DayNumber from, DayNumber to);

/// Retention rows measured on days [from, to], the latest per content, ordered by content_id.
Result<std::vector<RetentionRow>> read_retention_rows(Database& db, DayNumber from, DayNumber to);

}  // namespace learnloop
