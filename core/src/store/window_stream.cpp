// The window streamed: the outcomes of the range stepped in (decision_id, collected_at) byte order, so the latest
// collection of an id is the last of its run of rows and no sort or map of the window is needed; ids outside the
// shard are dropped before anything is built; each full chunk is joined with content_metadata (range scans or batched
// lookups of its ids; through the JS adapters, in the window's SQL instead) and handed over while the next is read
// into a second buffer. SQLite steps one statement along the primary key's index (no temporary B-tree; the JS
// adapters step it in batches); PostgreSQL reads a cursor in pages (libpq would otherwise buffer the rest of a result
// whenever another statement, such as a chunk's content lookup, runs meanwhile).
#include "learnloop/store/window_stream.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "outcome_row_reader.hpp"
#include "window_content.hpp"

namespace learnloop {
namespace {

// Outcome rows per PostgreSQL FETCH: the chunk size, within these bounds.
constexpr std::size_t kMinFetchRows = 512;
constexpr std::size_t kMaxFetchRows = 16384;
// Rows a chunk's buffer is sized for up front (a caller asking for the whole window in one chunk grows it as it goes).
constexpr std::size_t kMaxChunkReserve = 65536;
// The cursor of a PostgreSQL window read.
constexpr const char* kWindowCursor = "learnloop_window_outcomes";

// The outcomes collected on days [from, to] (columns as kWindowOutcomeColumns), ordered by (decision_id,
// collected_at) as bytes, or the rate columns of one day's outcomes, one row at a time.
class OrderedOutcomes {
 public:
  OrderedOutcomes(Database& db, std::size_t fetch_rows) : db_(db), fetch_rows_(fetch_rows) {}
  OrderedOutcomes(const OrderedOutcomes&) = delete;
  OrderedOutcomes& operator=(const OrderedOutcomes&) = delete;
  ~OrderedOutcomes() { close(); }

  // Starts the read of the window's outcomes; `joined` (SQLite only): with their content (kJoinedWindowColumns).
  Status open(DayNumber from, DayNumber to, bool joined) {
    const std::string lo = format_date(from);
    const std::string hi = format_date(to + 1);
    // SQLite: the primary key's index gives the order; without INDEXED BY the planner may take the collected_at index
    // and sort the window in a temporary B-tree (joined: the outcomes stay the outer loop, each content row one lookup
    // of its primary key). PostgreSQL: dates are format_date()'s digits and dashes, safe as literals (a cursor's
    // parameters are not portable).
    const std::string sqlite =
        joined ? std::string("SELECT ") + kJoinedWindowColumns +
                     " INDEXED BY sqlite_autoindex_outcomes_1 LEFT JOIN content_metadata c ON c.decision_id = "
                     "o.decision_id WHERE o.collected_at >= ? AND o.collected_at < ? ORDER BY o.decision_id, "
                     "o.collected_at"
               : std::string("SELECT ") + kWindowOutcomeColumns +
                     " INDEXED BY sqlite_autoindex_outcomes_1 WHERE collected_at >= ? AND collected_at < ? "
                     "ORDER BY decision_id, collected_at";
    return start(sqlite, {lo, hi},
                 std::string("SELECT ") + kWindowOutcomeColumns + " WHERE collected_at >= '" + lo +
                     "' AND collected_at < '" + hi +
                     "' ORDER BY decision_id COLLATE \"C\", collected_at COLLATE \"C\"");
  }

  // Starts the read of the rate columns (kDayRateColumns) of the outcomes collected on `day`, in no order (SQLite
  // reads them along the collected_at index).
  Status open_day(DayNumber day) {
    const std::string lo = format_date(day);
    const std::string hi = format_date(day + 1);
    return start(std::string("SELECT ") + kDayRateColumns + " WHERE collected_at >= ? AND collected_at < ?", {lo, hi},
                 std::string("SELECT ") + kDayRateColumns + " WHERE collected_at >= '" + lo + "' AND collected_at < '" +
                     hi + "'");
  }

  // The next row into `row`: true, or false after the last.
  Result<bool> next(std::vector<SqlValue>& row) {
    for (;;) {
      if (done_) return false;
      Result<bool> more = stmt_->step();
      if (!more.ok()) return more.error();
      if (more.value()) {
        ++page_rows_;
        stmt_->read_row(row);
        return true;
      }
      // SQLite: the end. PostgreSQL: the end of a page; a short page was the last.
      if (!cursor_open_ || page_rows_ < fetch_rows_) {
        done_ = true;
        close();
        return false;
      }
      page_rows_ = 0;
      if (Status s = stmt_->bind({}); !s.ok()) return s.error();
    }
  }

 private:
  // Runs `sqlite` with `params` on SQLite; on PostgreSQL declares a cursor for `postgres` and fetches it in pages.
  Status start(const std::string& sqlite, const std::vector<SqlValue>& params, const std::string& postgres) {
    if (db_.dialect() == Dialect::kSqlite) {
      Result<std::unique_ptr<Statement>> stmt = db_.prepare(sqlite);
      if (!stmt.ok()) return stmt.error();
      stmt_ = std::move(stmt).value();
      return stmt_->bind(params);
    }
    if (Status s = db_.exec(std::string("DECLARE ") + kWindowCursor + " NO SCROLL CURSOR FOR " + postgres); !s.ok())
      return s;
    cursor_open_ = true;
    Result<std::unique_ptr<Statement>> fetch =
        db_.prepare("FETCH FORWARD " + std::to_string(fetch_rows_) + " FROM " + kWindowCursor);
    if (!fetch.ok()) return fetch.error();
    stmt_ = std::move(fetch).value();
    return stmt_->bind({});
  }

  // Closes the cursor, if any (an error is ignored: an aborted transaction drops its cursors anyway).
  void close() {
    if (!cursor_open_) return;
    cursor_open_ = false;
    stmt_.reset();
    static_cast<void>(db_.exec(std::string("CLOSE ") + kWindowCursor));
  }

  Database& db_;
  std::size_t fetch_rows_;
  std::unique_ptr<Statement> stmt_;
  bool cursor_open_ = false;
  std::size_t page_rows_ = 0;  // rows of the current FETCH so far
  bool done_ = false;
};

// Reads a shard's rows of the window into chunks, each joined with its content: the database's side of the stream.
class ChunkReader {
 public:
  // `joined`: the outcomes' rows carry their content (kJoinedWindowColumns).
  ChunkReader(Database& db, OrderedOutcomes& outcomes, DayNumber from, const ShardSpec& shard, std::size_t chunk_rows,
              bool joined)
      : db_(db), outcomes_(outcomes), from_(from), shard_(shard), chunk_rows_(chunk_rows), joined_(joined) {}

  // Fills `chunk` (its earlier rows and text dropped) with the next rows of the shard, at most chunk_rows, joined with
  // their content; it is left empty after the last row.
  Status fill(OutcomeRows& chunk) {
    chunk.restart();
    if (chunk.capacity() == 0) chunk.reserve(std::min<std::size_t>(chunk_rows_, kMaxChunkReserve));
    OutcomeRowReader reader(chunk.pool(), from_);
    while (!done_ && chunk.size() < chunk_rows_) {
      Result<bool> more = outcomes_.next(row_);
      if (!more.ok()) return more.error();
      if (!more.value()) {
        done_ = true;
        if (keep_) keep_latest(chunk, reader);
        break;
      }
      const std::string& row_id = window_value_text(row_[0], scratch_);
      if (have_id_ && row_id == id_) {  // a later collection of the same id
        if (keep_) latest_.swap(row_);
        continue;
      }
      if (keep_) keep_latest(chunk, reader);
      id_ = row_id;
      have_id_ = true;
      keep_ = in_shard(id_, shard_);
      if (keep_) latest_.swap(row_);
    }
    return joined_ ? Status{} : content_.join(db_, chunk);
  }

 private:
  // Adds the current id's latest row to `chunk`, with its content when the read is joined and the content known.
  void keep_latest(OutcomeRows& chunk, OutcomeRowReader& reader) {
    chunk.push_back(reader.read(latest_));
    if (joined_ && !is_null(latest_[kJoinedContentColumn]))
      fill_window_content(chunk.back(), latest_.data() + kJoinedContentColumn, chunk.pool());
  }

  Database& db_;
  OrderedOutcomes& outcomes_;
  DayNumber from_;
  ShardSpec shard_;
  std::size_t chunk_rows_;
  bool joined_;
  ChunkContentJoin content_;
  // The current id's latest row so far (rows of an id come oldest first), kept only when the id is in the shard.
  std::vector<SqlValue> row_, latest_;
  std::string id_, scratch_;
  bool have_id_ = false, keep_ = false, done_ = false;
};

}  // namespace

Status for_each_outcome_chunk(Database& db, DayNumber from, DayNumber to, const ShardSpec& shard,
                              std::size_t chunk_rows, const std::function<Status(const OutcomeRows&)>& on_chunk,
                              TaskPair* tasks) {
  if (chunk_rows == 0) return invalid_argument("a window chunk holds at least one row");
  if (shard.count == 0 || shard.index >= shard.count)
    return invalid_argument("shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) +
                            " does not exist (expected i/N with 0 <= i < N)");
  OrderedOutcomes outcomes(db, std::clamp(chunk_rows, kMinFetchRows, kMaxFetchRows));
  // Through a JS adapter every row stepped and every value costs a crossing: one joined row per outcome beats an
  // outcome row plus a content row.
  const bool joined = db.dialect() == Dialect::kSqlite && db.prefers_fewer_wider_calls();
  if (Status s = outcomes.open(from, to, joined); !s.ok()) return s;
  ChunkReader reader(db, outcomes, from, shard, chunk_rows, joined);
  // Two buffers: the next chunk is read into one while the caller works on the other (at once where `tasks` can). Each
  // buffer keeps its capacity and starts a new text pool per chunk (see OutcomeRows::restart): a freed chunk-sized
  // buffer would raise glibc's mmap threshold and the next ones would fragment the heap (95 MB resident at 10M rows).
  std::array<OutcomeRows, 2> chunks;
  std::size_t ready = 0;
  if (Status s = reader.fill(chunks[ready]); !s.ok()) return s;
  TaskPair& pair = task_pair_or_sequential(tasks);
  while (!chunks[ready].empty()) {
    Status read, used;
    pair.run_both([&] { read = reader.fill(chunks[1 - ready]); }, [&] { used = on_chunk(chunks[ready]); });
    if (!used.ok()) return used;
    if (!read.ok()) return read;
    ready = 1 - ready;
  }
  return {};
}

Result<std::vector<double>> read_day_rates(Database& db, DayNumber day) {
  OrderedOutcomes outcomes(db, kMaxFetchRows);
  if (Status s = outcomes.open_day(day); !s.ok()) return s.error();
  std::vector<double> rates;
  std::vector<SqlValue> row;
  for (;;) {
    Result<bool> more = outcomes.next(row);
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    rates.push_back(outcome_engagement_rate(sql_number(row[0]), sql_number(row[1]), row[2]));
  }
  std::sort(rates.begin(), rates.end());
  rates.erase(std::unique(rates.begin(), rates.end()), rates.end());
  return rates;
}

}  // namespace learnloop
