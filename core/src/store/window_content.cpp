// The content join of the window reads: each content_metadata row read (by a scan of the table, a range scan over a
// chunk's ids, or batched lookups of ids) is found among the outcome rows (ordered by id) through their ids' 8-byte
// prefixes, and copied into its row.
#include "window_content.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "outcome_row_reader.hpp"

namespace learnloop {
namespace {

// The content scan reads the whole table: chosen when the table has at most this many rows per window row (a scan
// of a content row costs about half a key lookup on SQLite; PostgreSQL answers lookups in batches).
constexpr std::size_t kContentScanRatio = 2;
// Ids per `IN (...)` lookup when the table is much larger than the window.
constexpr std::size_t kContentLookupBatch = 256;
// A chunk's range scan reads at most this many content rows per chunk row (the rest of the chunk is looked up).
constexpr std::size_t kRangeReadRatio = 2;
// Chunks are joined by range scans while at least this share of the content rows a scan reads is the window's.
constexpr double kLeastRangeHits = 0.6;

// Finds rows by id in rows ordered by id, through their ids' prefixes.
class RowsById {
 public:
  explicit RowsById(std::vector<OutcomeRow>& rows) : rows_(rows), prefixes_(rows.size()) {
    for (std::size_t i = 0; i < rows.size(); ++i) prefixes_[i] = window_id_prefix(rows[i].decision_id);
  }
  // The row whose id is `id`, or null.
  OutcomeRow* find(std::string_view id) {
    const std::uint64_t prefix = window_id_prefix(id);
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
  std::vector<std::uint64_t> prefixes_;  // prefixes_[i] = window_id_prefix(rows_[i].decision_id), ascending
};

// The content_metadata columns the window reads, after decision_id.
constexpr const char* kContentColumns =
    "decision_id, platform, decision_type, bandit_arm, hook_type, topic, quality_score, cost, posted_at, "
    "duration_seconds FROM content_metadata";

}  // namespace

void fill_window_content(OutcomeRow& o, const SqlValue* c, TextPool& pool) {
  std::string scratch;
  o.platform = pool.intern(window_value_text(c[1], scratch));
  o.decision_type = pool.intern(window_value_text(c[2], scratch));
  o.bandit_arm = pool.intern(window_value_text(c[3], scratch));
  o.hook_type = pool.intern(window_value_text(c[4], scratch));
  o.topic = pool.intern(window_value_text(c[5], scratch));
  o.quality_score = sql_number(c[6], -1);
  o.cost = sql_number(c[7], -1);
  if (!is_null(c[8])) {
    const std::string& posted_at = window_value_text(c[8], scratch);
    o.posted_hour = posted_at.size() < 13 ? -1 : timestamp_hour(posted_at);
    if (Result<DayNumber> posted = timestamp_day(posted_at); posted.ok()) o.posted_day = posted.value();
  }
  o.duration_seconds = sql_number(c[9], -1);
}

namespace {

// What a join over one statement read.
struct JoinCounts {
  std::size_t read = 0;     // content rows stepped
  std::size_t matched = 0;  // of them, rows of the window
  std::string last_id;      // the last content row's id
};

// Steps `stmt` to its end, joining each content row into the outcome row of its id.
Result<JoinCounts> join_content_rows(Statement& stmt, RowsById& by_id, TextPool& pool) {
  JoinCounts counts;
  std::vector<SqlValue> c;
  std::string scratch;
  for (;;) {
    Result<bool> more = stmt.step();
    if (!more.ok()) return more.error();
    if (!more.value()) return counts;
    stmt.read_row(c);
    const std::string& id = window_value_text(c[0], scratch);
    ++counts.read;
    if (OutcomeRow* o = by_id.find(id)) {
      fill_window_content(*o, c.data(), pool);
      ++counts.matched;
    }
    counts.last_id.assign(id);
  }
}

// Looks up the ids of rows [begin, end) in batches of `IN (...)`; `lookup` keeps the statement of a full batch.
Status lookup_content(Database& db, OutcomeRows& rows, std::size_t begin, std::size_t end, RowsById& by_id,
                      std::unique_ptr<Statement>& lookup) {
  for (std::size_t start = begin; start < end; start += kContentLookupBatch) {
    const std::size_t n = std::min(kContentLookupBatch, end - start);
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
    if (Result<JoinCounts> joined = join_content_rows(stmt, by_id, rows.pool()); !joined.ok()) return joined.error();
  }
  return {};
}

}  // namespace

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
    Result<JoinCounts> joined = join_content_rows(*scan.value(), by_id, rows.pool());
    return joined.ok() ? Status{} : Status(joined.error());
  }
  std::unique_ptr<Statement> lookup;
  return lookup_content(db, rows, 0, rows.size(), by_id, lookup);
}

Status ChunkContentJoin::join(Database& db, OutcomeRows& rows) {
  if (rows.empty()) return {};
  RowsById by_id(rows);
  std::size_t looked_from = 0;  // rows from here on are looked up
  if (scan_ && db.dialect() == Dialect::kSqlite) {
    if (!range_) {
      Result<std::unique_ptr<Statement>> prepared =
          db.prepare(std::string("SELECT ") + kContentColumns +
                     " INDEXED BY sqlite_autoindex_content_metadata_1 WHERE decision_id >= ? AND decision_id <= ? "
                     "ORDER BY decision_id LIMIT ?");
      if (!prepared.ok()) return prepared.error();
      range_ = std::move(prepared).value();
    }
    const auto limit = static_cast<std::int64_t>(kRangeReadRatio * rows.size());
    if (Status s = range_->bind({std::string(rows.front().decision_id), std::string(rows.back().decision_id), limit});
        !s.ok())
      return s;
    Result<JoinCounts> joined = join_content_rows(*range_, by_id, rows.pool());
    if (!joined.ok()) return joined.error();
    const JoinCounts& c = joined.value();
    // The scan stopped at its limit: the rows past its last id are looked up. Scans that read much content outside
    // the window (a long history, or a shard's part of the ids) give way to lookups for the chunks that follow.
    looked_from = rows.size();
    if (c.read >= static_cast<std::size_t>(limit)) {
      looked_from = static_cast<std::size_t>(
          std::upper_bound(rows.begin(), rows.end(), std::string_view(c.last_id),
                           [](std::string_view id, const OutcomeRow& r) { return id < r.decision_id; }) -
          rows.begin());
    }
    if (static_cast<double>(c.matched) < kLeastRangeHits * static_cast<double>(c.read)) scan_ = false;
  }
  return lookup_content(db, rows, looked_from, rows.size(), by_id, lookup_);
}

}  // namespace learnloop
