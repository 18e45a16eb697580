// Reads the learning window with two queries; keeps the latest row per content (outcomes: in C++,
// after one range query without GROUP BY or ORDER BY).
#include "learnloop/store/window_rows.hpp"

#include <algorithm>
#include <cstdint>

#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

// The value as text (as sql_text()), moved out of the row when it is TEXT.
std::string take_text(SqlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return sql_text(v);
}

// The latest row per decision_id (largest collected_at), ordered by decision_id, both compared as bytes; in place
// (the window is not held twice): one sort of row numbers, the permutation applied by cycles, older rows dropped.
void keep_latest_by_id(std::vector<OutcomeRow>& rows) {
  // Each row number with the first 8 bytes of its id as a big-endian integer (zero-padded): unequal prefixes order
  // as the ids do, so most comparisons read this array only, not the strings of rows spread over the heap.
  struct Key {
    std::uint64_t prefix;
    std::uint32_t row;
  };
  std::vector<Key> keys(rows.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& id = rows[i].decision_id;
    std::uint64_t prefix = 0;
    for (std::size_t b = 0; b < 8; ++b)
      prefix = (prefix << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
    keys[i] = {prefix, static_cast<std::uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end(), [&rows](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int by_id = rows[a.row].decision_id.compare(rows[b.row].decision_id);
    return by_id != 0 ? by_id < 0 : rows[a.row].collected_at > rows[b.row].collected_at;
  });
  std::vector<std::uint32_t> order(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].row;
  std::vector<Key>().swap(keys);
  for (std::size_t start = 0; start < order.size(); ++start) {  // rows[k] becomes rows[order[k]]
    if (order[start] == start) continue;
    OutcomeRow first = std::move(rows[start]);
    std::size_t at = start;
    while (order[at] != start) {
      const std::size_t from = order[at];
      rows[at] = std::move(rows[from]);
      order[at] = static_cast<std::uint32_t>(at);
      at = from;
    }
    rows[at] = std::move(first);
    order[at] = static_cast<std::uint32_t>(at);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (kept > 0 && rows[kept - 1].decision_id == rows[i].decision_id) continue;  // an older collection
    if (kept != i) rows[kept] = std::move(rows[i]);
    ++kept;
  }
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(kept), rows.end());
}

}  // namespace

Result<std::vector<OutcomeRow>> read_outcome_rows(Database& db, DayNumber from, DayNumber to) {
  // Every outcome of the range with its content (a range search on outcomes_collected and one key lookup per row),
  // and no GROUP BY or ORDER BY: SQLite built a temporary B-tree for each (two sorts of the window by text key, over
  // half the job's CPU at 1M rows). The latest row per content and the order by decision_id are made here, the same
  // rows on every backend: one sort of row numbers by (decision_id, collected_at) as bytes, SQLite's BINARY order
  // (PostgreSQL ordered by the database's collation before; (decision_id, collected_at) is the key, so no ties).
  // The rows are stepped one at a time (the libpq backend streams them in single-row mode).
  const std::string sql =
      "SELECT o.decision_id, o.collected_at, o.impressions, o.likes + o.retweets + o.replies, o.engagement_rate, "
      "o.followers_gained, o.revenue, c.platform, c.decision_type, c.bandit_arm, c.hook_type, c.topic, "
      "c.quality_score, c.cost, c.posted_at, c.duration_seconds FROM outcomes o LEFT JOIN content_metadata c ON "
      "c.decision_id = o.decision_id WHERE o.collected_at >= ? AND o.collected_at < ?";
  Result<std::unique_ptr<Statement>> stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  if (Status s = stmt.value()->bind({format_date(from), format_date(to + 1)}); !s.ok()) return s.error();
  std::vector<OutcomeRow> rows;
  for (;;) {
    Result<bool> more = stmt.value()->step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    std::vector<SqlValue> r = stmt.value()->row();
    OutcomeRow o;
    o.decision_id = take_text(r[0]);
    o.collected_at = take_text(r[1]);
    const Result<DayNumber> collected = timestamp_day(o.collected_at);
    o.collected_day = collected.ok() ? collected.value() : from;
    o.impressions = sql_number(r[2]);
    o.engagements = sql_number(r[3]);
    o.engagement_rate = !is_null(r[4]) ? sql_number(r[4]) : o.impressions > 0 ? o.engagements / o.impressions : 0;
    o.followers_gained = sql_number(r[5]);
    o.revenue = sql_number(r[6], -1);
    o.platform = take_text(r[7]);
    o.decision_type = take_text(r[8]);
    o.bandit_arm = take_text(r[9]);
    o.hook_type = take_text(r[10]);
    o.topic = take_text(r[11]);
    o.quality_score = sql_number(r[12], -1);
    o.cost = sql_number(r[13], -1);
    if (!is_null(r[14])) {
      const std::string posted_at = take_text(r[14]);
      o.posted_hour = posted_at.size() < 13 ? -1 : timestamp_hour(posted_at);
      if (Result<DayNumber> posted = timestamp_day(posted_at); posted.ok()) o.posted_day = posted.value();
    }
    o.duration_seconds = sql_number(r[15], -1);
    rows.push_back(std::move(o));
  }
  keep_latest_by_id(rows);
  return rows;
}

Result<std::vector<RetentionRow>> read_retention_rows(Database& db, DayNumber from, DayNumber to) {
  const std::string sql =
      "SELECT r.content_id, r.platform, r.avg_watch_percentage, r.completion_rate, r.drop_off_points, r.measured_at, "
      "c.bandit_arm, c.hook_type, c.duration_seconds FROM "
      "(SELECT *, row_number() OVER (PARTITION BY content_id ORDER BY measured_at DESC) AS latest "
      " FROM retention_metrics WHERE measured_at >= ? AND measured_at < ?) r "
      "LEFT JOIN content_metadata c ON c.decision_id = r.content_id WHERE r.latest = 1 ORDER BY r.content_id";
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, sql, {format_date(from), format_date(to + 1)});
  if (!rows.ok()) return rows.error();
  std::vector<RetentionRow> out;
  for (const std::vector<SqlValue>& r : rows.value()) {
    RetentionRow row;
    row.content_id = sql_text(r[0]);
    row.platform = sql_text(r[1]);
    row.avg_watch_percentage = sql_number(r[2]);
    row.completion_rate = sql_number(r[3]);
    if (Result<nlohmann::json> drops = parse_json(sql_text(r[4])); drops.ok() && drops.value().is_array()) {
      for (const nlohmann::json& d : drops.value()) {
        if (d.is_number()) row.drop_off_points.push_back(d.get<double>());
      }
    }
    row.measured_at = sql_text(r[5]);
    row.measured_day = timestamp_day(sql_text(r[5])).ok() ? timestamp_day(sql_text(r[5])).value() : from;
    row.content_type = sql_text(r[6]);
    row.hook_type = sql_text(r[7]);
    row.duration_seconds = sql_number(r[8], -1);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace learnloop
