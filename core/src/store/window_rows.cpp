// Reads the learning window: the outcomes of the range with one range query (no join, no GROUP BY, no ORDER BY), the
// latest row per content kept in C++, then their content_metadata rows joined in C++ (one scan of the table when the
// window holds most of it, else lookups by id in batches); retention rows with one query. Outcome text goes into the
// rows' TextPool: ids and timestamps packed, categories once per distinct value.
#include "learnloop/store/window_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "learnloop/core/json_state.hpp"
#include "outcome_row_reader.hpp"
#include "window_content.hpp"

namespace learnloop {
namespace {

// The latest row per decision_id (largest collected_at), ordered by decision_id, both compared as bytes; in place
// (the window is not held twice): one sort of row numbers, the permutation applied by cycles, older rows dropped.
void keep_latest_by_id(std::vector<OutcomeRow>& rows) {
  // Each row number with its id's prefix: most comparisons read this array only, not rows spread over memory.
  struct Key {
    std::uint64_t prefix;
    std::uint32_t row;
  };
  std::vector<Key> keys(rows.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    keys[i] = {window_id_prefix(rows[i].decision_id), static_cast<std::uint32_t>(i)};
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
    const OutcomeRow first = rows[start];
    std::size_t at = start;
    while (order[at] != start) {
      const std::size_t from = order[at];
      rows[at] = rows[from];
      order[at] = static_cast<std::uint32_t>(at);
      at = from;
    }
    rows[at] = first;
    order[at] = static_cast<std::uint32_t>(at);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (kept > 0 && rows[kept - 1].decision_id == rows[i].decision_id) continue;  // an older collection
    if (kept != i) rows[kept] = rows[i];
    ++kept;
  }
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(kept), rows.end());
}

}  // namespace

Result<OutcomeRows> read_outcome_rows(Database& db, DayNumber from, DayNumber to) {
  // Every outcome of the range (a range search on outcomes_collected), with no join, GROUP BY or ORDER BY: SQLite
  // built a temporary B-tree for each of those (two sorts of the window by text key), and the join looked each row's
  // content up by key (two B-tree searches per row). The latest row per content, the order by decision_id and the
  // join with content_metadata are made here, the same rows on every backend: one sort of row numbers by
  // (decision_id, collected_at) as bytes, SQLite's BINARY order ((decision_id, collected_at) is the key, so no ties).
  // The rows are stepped one at a time (the libpq backend streams them in single-row mode).
  const std::vector<SqlValue> range{format_date(from), format_date(to + 1)};
  // The rows are counted first (an index range count): the window is allocated once, at its size, instead of grown
  // by doubling (which held the old and the new array together, a third more than the rows at 1M).
  Result<std::vector<std::vector<SqlValue>>> count =
      query_rows(db, "SELECT count(*) FROM outcomes WHERE collected_at >= ? AND collected_at < ?", range);
  if (!count.ok()) return count.error();
  const double window_rows = std::max(0.0, sql_number(count.value().at(0).at(0)));
  // SQLite: when the range holds at least half the table, a scan of the table beats the range search (which looks
  // each row up in the table from outcomes_collected): 1.0 s against 1.4 s at 1M. PostgreSQL's planner chooses itself.
  bool scan = false;
  if (db.dialect() == Dialect::kSqlite && window_rows > 0) {
    Result<std::vector<std::vector<SqlValue>>> total = query_rows(db, "SELECT count(*) FROM outcomes");
    if (!total.ok()) return total.error();
    scan = 2 * window_rows >= sql_number(total.value().at(0).at(0));
  }
  const std::string sql = std::string("SELECT ") + kWindowOutcomeColumns + (scan ? " NOT INDEXED" : "") +
                          " WHERE collected_at >= ? AND collected_at < ?";
  Result<std::unique_ptr<Statement>> stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  if (Status s = stmt.value()->bind(range); !s.ok()) return s.error();
  OutcomeRows rows;
  rows.reserve(static_cast<std::size_t>(window_rows));
  OutcomeRowReader reader(rows.pool(), from);
  std::vector<SqlValue> r;
  for (;;) {
    Result<bool> more = stmt.value()->step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    stmt.value()->read_row(r);
    rows.push_back(reader.read(r));
  }
  keep_latest_by_id(rows);
  if (Status s = join_window_content(db, rows); !s.ok()) return s.error();
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
