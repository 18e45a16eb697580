// Reads the learning window: the outcomes of the range with one range query (no join, no GROUP BY, no ORDER BY), the
// latest row per content kept in C++, then their content_metadata rows joined in C++ (one scan of the table when the
// window holds most of it, else lookups by id in batches); retention rows with one query. Outcome text goes into the
// rows' TextPool: ids and timestamps packed, categories once per distinct value.
#include "learnloop/store/window_rows.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

// The content scan reads the whole table: chosen when the table has at most this many rows per window row (a scan
// of a content row costs about half a key lookup on SQLite; PostgreSQL answers lookups in batches).
constexpr std::size_t kContentScanRatio = 2;
// Ids per `IN (...)` lookup when the table is much larger than the window.
constexpr std::size_t kContentLookupBatch = 256;
// Timestamps remembered while reading (a direct-mapped cache): the outcomes of a window share few collection times.
constexpr std::size_t kCollectedCache = 64;

// The value as text (as sql_text()): the TEXT string itself, else `scratch` holding the converted value.
const std::string& text_of(const SqlValue& v, std::string& scratch) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  scratch = sql_text(v);
  return scratch;
}

// The first 8 bytes of `id` as a big-endian integer (zero-padded): unequal prefixes order as the ids do (as bytes).
std::uint64_t id_prefix(std::string_view id) {
  std::uint64_t prefix = 0;
  for (std::size_t b = 0; b < 8; ++b) prefix = (prefix << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
  return prefix;
}

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
    keys[i] = {id_prefix(rows[i].decision_id), static_cast<std::uint32_t>(i)};
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

// The collection times read so far, each copied into the pool and parsed once (most outcomes of a window were
// collected at one of a few times); a time not in the cache is copied and parsed, and replaces its slot.
class CollectedTimes {
 public:
  CollectedTimes(TextPool& pool, DayNumber fallback) : pool_(pool), fallback_(fallback) {}
  // The pool's copy of `text` and its day (`fallback` when it does not parse).
  std::pair<std::string_view, DayNumber> get(const std::string& text) {
    std::size_t h = 0;
    for (const char c : text) h = h * 31 + static_cast<unsigned char>(c);
    Slot& slot = slots_[h % kCollectedCache];
    if (!slot.filled || slot.text != text) {
      const Result<DayNumber> day = timestamp_day(text);
      slot = {pool_.copy(text), day.ok() ? day.value() : fallback_, true};
    }
    return {slot.text, slot.day};
  }

 private:
  struct Slot {
    std::string_view text;
    DayNumber day = 0;
    bool filled = false;
  };
  TextPool& pool_;
  DayNumber fallback_;
  std::array<Slot, kCollectedCache> slots_{};
};

// Finds rows by id in rows ordered by id (as keep_latest_by_id() leaves them), through their ids' prefixes.
class RowsById {
 public:
  explicit RowsById(std::vector<OutcomeRow>& rows) : rows_(rows), prefixes_(rows.size()) {
    for (std::size_t i = 0; i < rows.size(); ++i) prefixes_[i] = id_prefix(rows[i].decision_id);
  }
  // The row whose id is `id`, or null.
  OutcomeRow* find(std::string_view id) {
    const std::uint64_t prefix = id_prefix(id);
    auto lo = std::lower_bound(prefixes_.begin(), prefixes_.end(), prefix);
    auto hi = std::upper_bound(lo, prefixes_.end(), prefix);
    const auto first = static_cast<std::size_t>(lo - prefixes_.begin());
    const auto last = static_cast<std::size_t>(hi - prefixes_.begin());
    const auto at = std::lower_bound(rows_.begin() + static_cast<std::ptrdiff_t>(first),
                                     rows_.begin() + static_cast<std::ptrdiff_t>(last), id,
                                     [](const OutcomeRow& r, std::string_view key) { return r.decision_id < key; });
    if (at == rows_.begin() + static_cast<std::ptrdiff_t>(last) || at->decision_id != id) return nullptr;
    return &*at;
  }

 private:
  std::vector<OutcomeRow>& rows_;
  std::vector<std::uint64_t> prefixes_;  // prefixes_[i] = id_prefix(rows_[i].decision_id), ascending
};

// The content_metadata columns the window reads, after decision_id.
constexpr const char* kContentColumns =
    "decision_id, platform, decision_type, bandit_arm, hook_type, topic, quality_score, cost, posted_at, "
    "duration_seconds FROM content_metadata";

// Copies one content_metadata row (columns as kContentColumns) into its outcome row.
void fill_content(OutcomeRow& o, const std::vector<SqlValue>& c, TextPool& pool) {
  std::string scratch;
  o.platform = pool.intern(text_of(c[1], scratch));
  o.decision_type = pool.intern(text_of(c[2], scratch));
  o.bandit_arm = pool.intern(text_of(c[3], scratch));
  o.hook_type = pool.intern(text_of(c[4], scratch));
  o.topic = pool.intern(text_of(c[5], scratch));
  o.quality_score = sql_number(c[6], -1);
  o.cost = sql_number(c[7], -1);
  if (!is_null(c[8])) {
    const std::string& posted_at = text_of(c[8], scratch);
    o.posted_hour = posted_at.size() < 13 ? -1 : timestamp_hour(posted_at);
    if (Result<DayNumber> posted = timestamp_day(posted_at); posted.ok()) o.posted_day = posted.value();
  }
  o.duration_seconds = sql_number(c[9], -1);
}

// Steps `stmt` to its end, joining each content row into the outcome row of its id.
Status join_content_rows(Statement& stmt, RowsById& by_id, TextPool& pool) {
  std::vector<SqlValue> c;
  std::string scratch;
  for (;;) {
    Result<bool> more = stmt.step();
    if (!more.ok()) return more.error();
    if (!more.value()) return {};
    stmt.read_row(c);
    if (OutcomeRow* o = by_id.find(text_of(c[0], scratch))) fill_content(*o, c, pool);
  }
}

// Joins every row with its content_metadata row, if any: one scan of the table when it is at most
// kContentScanRatio times the window, else lookups of the window's ids in batches.
Status join_window_content(Database& db, OutcomeRows& rows) {
  if (rows.empty()) return {};
  RowsById by_id(rows);
  Result<std::vector<std::vector<SqlValue>>> count = query_rows(db, "SELECT count(*) FROM content_metadata");
  if (!count.ok()) return count.error();
  const double content_rows = sql_number(count.value().at(0).at(0));
  if (content_rows <= static_cast<double>(kContentScanRatio * rows.size())) {
    Result<std::unique_ptr<Statement>> scan = db.prepare(std::string("SELECT ") + kContentColumns);
    if (!scan.ok()) return scan.error();
    if (Status s = scan.value()->bind({}); !s.ok()) return s;
    return join_content_rows(*scan.value(), by_id, rows.pool());
  }
  std::unique_ptr<Statement> lookup;  // the statement of a full batch, reused
  for (std::size_t start = 0; start < rows.size(); start += kContentLookupBatch) {
    const std::size_t n = std::min(kContentLookupBatch, rows.size() - start);
    std::vector<SqlValue> ids;
    ids.reserve(n);
    for (std::size_t i = start; i < start + n; ++i) ids.emplace_back(std::string(rows[i].decision_id));
    std::string sql = std::string("SELECT ") + kContentColumns + " WHERE decision_id IN (?";
    for (std::size_t i = 1; i < n; ++i) sql += ", ?";
    sql += ")";
    std::unique_ptr<Statement> partial;
    if (n < kContentLookupBatch || !lookup) {
      Result<std::unique_ptr<Statement>> prepared = db.prepare(sql);
      if (!prepared.ok()) return prepared.error();
      (n < kContentLookupBatch ? partial : lookup) = std::move(prepared).value();
    }
    Statement& stmt = n < kContentLookupBatch ? *partial : *lookup;
    if (Status s = stmt.bind(ids); !s.ok()) return s;
    if (Status s = join_content_rows(stmt, by_id, rows.pool()); !s.ok()) return s;
  }
  return {};
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
  const std::string sql = std::string(
                              "SELECT decision_id, collected_at, impressions, likes + retweets + replies, "
                              "engagement_rate, followers_gained, revenue FROM outcomes") +
                          (scan ? " NOT INDEXED" : "") + " WHERE collected_at >= ? AND collected_at < ?";
  Result<std::unique_ptr<Statement>> stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  if (Status s = stmt.value()->bind(range); !s.ok()) return s.error();
  OutcomeRows rows;
  rows.reserve(static_cast<std::size_t>(window_rows));
  TextPool& pool = rows.pool();
  CollectedTimes collected_times(pool, from);
  std::vector<SqlValue> r;
  std::string scratch;
  for (;;) {
    Result<bool> more = stmt.value()->step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    stmt.value()->read_row(r);
    OutcomeRow o;
    o.decision_id = pool.copy(text_of(r[0], scratch));
    std::tie(o.collected_at, o.collected_day) = collected_times.get(text_of(r[1], scratch));
    o.impressions = sql_number(r[2]);
    o.engagements = sql_number(r[3]);
    o.engagement_rate = !is_null(r[4]) ? sql_number(r[4]) : o.impressions > 0 ? o.engagements / o.impressions : 0;
    o.followers_gained = sql_number(r[5]);
    o.revenue = sql_number(r[6], -1);
    rows.push_back(o);
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
