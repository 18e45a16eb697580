// What the window reads share: the outcome columns they select, one such row turned into an OutcomeRow (text copied
// into a TextPool, collection times parsed once per distinct value), a value's text without a copy, and the 8-byte
// id prefix that orders ids as bytes. Used by read_outcome_rows() (window_rows.cpp) and the streamed, sharded read
// (window_stream.cpp), so both give the same values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/text_pool.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// The outcome columns the window reads, in the order OutcomeRowReader::read() takes them, with `FROM outcomes`.
constexpr const char* kWindowOutcomeColumns =
    "decision_id, collected_at, impressions, likes + retweets + replies, engagement_rate, followers_gained, revenue "
    "FROM outcomes";

/// kWindowOutcomeColumns of outcomes `o`, then from column kJoinedContentColumn on those fill_window_content() reads of
/// content_metadata `c` (NULL where the content is unknown), with `FROM outcomes o`: the window joined in SQL.
constexpr const char* kJoinedWindowColumns =
    "o.decision_id, o.collected_at, o.impressions, o.likes + o.retweets + o.replies, o.engagement_rate, "
    "o.followers_gained, o.revenue, c.decision_id, c.platform, c.decision_type, c.bandit_arm, c.hook_type, c.topic, "
    "c.quality_score, c.cost, c.posted_at, c.duration_seconds FROM outcomes o";

/// Where a row of kJoinedWindowColumns has its content columns (content_metadata's decision_id first).
constexpr std::size_t kJoinedContentColumn = 7;

/// The rate columns of an outcome (impressions, engagements, stored rate), for the day's rates the meta scores rank
/// against: the columns outcome_engagement_rate() reads, as kWindowOutcomeColumns computes them.
constexpr const char* kDayRateColumns = "impressions, likes + retweets + replies, engagement_rate FROM outcomes";

/// An outcome's engagement rate: the stored rate, else engagements / impressions (0 without impressions).
inline double outcome_engagement_rate(double impressions, double engagements, const SqlValue& stored) {
  if (!is_null(stored)) return sql_number(stored);
  return impressions > 0 ? engagements / impressions : 0;
}

/// The value as text (as sql_text()): the TEXT string itself, else `scratch` holding the converted value.
inline const std::string& window_value_text(const SqlValue& v, std::string& scratch) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  scratch = sql_text(v);
  return scratch;
}

/// The first 8 bytes of `id` as a big-endian integer (zero-padded): unequal prefixes order as the ids do (as bytes).
inline std::uint64_t window_id_prefix(std::string_view id) {
  std::uint64_t prefix = 0;
  for (std::size_t b = 0; b < 8; ++b) prefix = (prefix << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
  return prefix;
}

/// Turns rows of kWindowOutcomeColumns into OutcomeRows whose text lives in one pool (content fields left unknown).
class OutcomeRowReader {
 public:
  /// Text goes into `pool`; a collection time that does not parse gets the day `fallback`.
  OutcomeRowReader(TextPool& pool, DayNumber fallback) : pool_(pool), fallback_(fallback) {}
  /// The outcome row of `r` (columns as kWindowOutcomeColumns).
  OutcomeRow read(const std::vector<SqlValue>& r);

 private:
  // The pool's copy of `text` and its day; a direct-mapped cache, as the outcomes of a window share few times.
  std::pair<std::string_view, DayNumber> collected(const std::string& text);

  // Timestamps remembered while reading.
  static constexpr std::size_t kCollectedCache = 64;
  struct Slot {
    std::string_view text;
    DayNumber day = 0;
    bool filled = false;
  };
  TextPool& pool_;
  DayNumber fallback_;
  std::array<Slot, kCollectedCache> slots_{};
  std::string scratch_;
};

}  // namespace learnloop
