// The content join of the window reads: each content_metadata row read (by a scan or by batched lookups of ids) is
// found among the outcome rows (ordered by id) through their ids' 8-byte prefixes, and copied into its row.
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

// Copies one content_metadata row (columns as kContentColumns) into its outcome row.
void fill_content(OutcomeRow& o, const std::vector<SqlValue>& c, TextPool& pool) {
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

// Steps `stmt` to its end, joining each content row into the outcome row of its id.
Status join_content_rows(Statement& stmt, RowsById& by_id, TextPool& pool) {
  std::vector<SqlValue> c;
  std::string scratch;
  for (;;) {
    Result<bool> more = stmt.step();
    if (!more.ok()) return more.error();
    if (!more.value()) return {};
    stmt.read_row(c);
    if (OutcomeRow* o = by_id.find(window_value_text(c[0], scratch))) fill_content(*o, c, pool);
  }
}

}  // namespace

Status join_window_content(Database& db, OutcomeRows& rows, bool may_scan) {
  if (rows.empty()) return {};
  RowsById by_id(rows);
  if (may_scan) {
    Result<std::vector<std::vector<SqlValue>>> count = query_rows(db, "SELECT count(*) FROM content_metadata");
    if (!count.ok()) return count.error();
    const double content_rows = sql_number(count.value().at(0).at(0));
    if (content_rows <= static_cast<double>(kContentScanRatio * rows.size())) {
      Result<std::unique_ptr<Statement>> scan = db.prepare(std::string("SELECT ") + kContentColumns);
      if (!scan.ok()) return scan.error();
      if (Status s = scan.value()->bind({}); !s.ok()) return s;
      return join_content_rows(*scan.value(), by_id, rows.pool());
    }
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

}  // namespace learnloop
