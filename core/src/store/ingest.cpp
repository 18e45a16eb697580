// CSV / JSON Lines ingest through RowWriter, inside one transaction, streamed: the CSV reader and the line
// splitter take the input chunk by chunk, and each record is converted and queued as soon as it is complete.
#include "learnloop/store/ingest.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>

#include "learnloop/core/json_state.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/dialect.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/text/csv_stream.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kMaxListedBadRows = 10;
constexpr std::size_t kRowsPerBatch = 10000;

std::string mapped(const std::vector<std::pair<std::string, std::string>>& mapping, const std::string& name) {
  for (const auto& [from, to] : mapping) {
    if (from == name) return to;
  }
  return name;
}

// Adds column `c` once, in constant time; refuses more than kMaxIngestColumns (`where` names the line).
Status add_column(std::vector<std::string>* columns, std::unordered_set<std::string>* seen, const std::string& c,
                  const std::string& where) {
  if (!seen->insert(c).second) return {};
  if (columns->size() == kMaxIngestColumns)
    return invalid_argument(where + " brings the input to more than " + std::to_string(kMaxIngestColumns) +
                            " distinct columns; learnloop ingests at most " + std::to_string(kMaxIngestColumns));
  columns->push_back(c);
  return {};
}

// Progress in bytes of the source, about once per percent.
class ByteProgress {
 public:
  ByteProgress(ProgressSink* sink, std::uint64_t total) : sink_(total > 0 ? sink : nullptr), total_(total) {}
  /// `bytes` more were read.
  void add(std::uint64_t bytes) {
    done_ = std::min(total_, done_ + bytes);
    if (sink_ == nullptr || (done_ < total_ && done_ - shown_ < total_ / 100)) return;
    shown_ = done_;
    sink_->on_progress("ingesting", done_, total_);
  }

 private:
  ProgressSink* sink_;
  std::uint64_t total_, done_ = 0, shown_ = 0;
};

// Feeds every chunk of `source` to `feed`, counting progress; stops at the first error.
Status for_each_chunk(ChunkSource& source, ByteProgress* progress,
                      const std::function<Status(std::string_view)>& feed) {
  if (Status s = source.rewind(); !s.ok()) return s;
  for (;;) {
    Result<std::string_view> chunk = source.next();
    if (!chunk.ok()) return chunk.error();
    if (chunk.value().empty()) return {};
    if (Status s = feed(chunk.value()); !s.ok()) return s;
    if (progress) progress->add(chunk.value().size());
  }
}

// Calls `on_line` with every line of `source` (1-based number, text without the newline); a line may span chunks.
Status for_each_line(ChunkSource& source, ByteProgress* progress,
                     const std::function<Status(std::size_t, std::string_view)>& on_line) {
  std::string carry;  // the start of a line that the chunk did not finish
  std::size_t line = 0;
  Status s = for_each_chunk(source, progress, [&](std::string_view chunk) -> Status {
    std::size_t pos = 0, nl;
    while ((nl = chunk.find('\n', pos)) != std::string_view::npos) {
      std::string_view body = chunk.substr(pos, nl - pos);
      if (!carry.empty()) body = carry.append(body);
      if (Status r = on_line(++line, body); !r.ok()) return r;
      carry.clear();
      pos = nl + 1;
    }
    carry.append(chunk.substr(pos));
    return {};
  });
  if (!s.ok()) return s;
  return on_line(++line, carry);  // the text after the last newline (empty when the input ends with one)
}

// One JSON Lines record: the object with its keys mapped, or why the line is not one. False for a blank line.
bool jsonl_record(std::string_view text, const IngestOptions& options, nlohmann::json* fields, std::string* error) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.find_first_not_of(" \t") == std::string_view::npos) return false;
  *fields = nlohmann::json::object();
  error->clear();
  Result<nlohmann::json> parsed = parse_json(std::string(text));
  if (!parsed.ok()) {
    *error = parsed.error().message;
  } else if (!parsed.value().is_object()) {
    *error = "expected a JSON object of column: value";
  } else {
    for (auto it = parsed.value().begin(); it != parsed.value().end(); ++it)
      (*fields)[mapped(options.mapping, it.key())] = it.value();
  }
  return true;
}

// The checked rows of one ingest: written in batches, the bad ones kept by line (the database's own refusals,
// keys and CHECKs, come back per row from the writer, so they are listed by line as the checks' are).
class IngestRows {
 public:
  explicit IngestRows(RowWriter* writer) : writer_(writer) {}
  /// One record read at `line`: its values when `converted` is ok, else why it is bad.
  void add(std::size_t line, const Status& converted, std::vector<SqlValue>* values) {
    ++total_;
    if (converted.ok()) {
      writer_->queue(line, std::move(*values));
      ++queued_;
    } else {
      bad_.emplace_back(line, converted.error().message);
    }
    if (total_ % kRowsPerBatch == 0) write_batch();
  }
  /// Writes what is left and says what was done; an error (nothing to commit) unless every row is good or skip_bad.
  Result<IngestResult> finish(bool skip_bad) {
    write_batch();
    std::stable_sort(bad_.begin(), bad_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    IngestResult result;
    result.rows_written = static_cast<std::int64_t>(written_ - refused_);
    const std::size_t bad = bad_.size();
    for (std::size_t i = 0; i < bad && result.bad_rows.size() < kMaxListedBadRows; ++i)
      result.bad_rows.push_back("line " + std::to_string(bad_[i].first) + ": " + bad_[i].second);
    if (bad > result.bad_rows.size())
      result.bad_rows.push_back("... and " + std::to_string(bad - result.bad_rows.size()) + " more bad rows");
    if (bad > 0 && !skip_bad) {
      std::string message = std::to_string(bad) + " of " + std::to_string(total_) +
                            " rows are bad; nothing was written (skip_bad writes the good rows):";
      for (const std::string& line : result.bad_rows) message += "\n  " + line;
      return Error{ErrorCode::kInvalidArgument, message};
    }
    return result;
  }

 private:
  void write_batch() {
    for (const auto& [line, error] : writer_->flush()) {
      bad_.emplace_back(line, error.message);
      ++refused_;
    }
    written_ += queued_;
    queued_ = 0;
  }

  RowWriter* writer_;
  std::vector<std::pair<std::size_t, std::string>> bad_;
  std::size_t total_ = 0, queued_ = 0, written_ = 0, refused_ = 0;
};

// SQLite, while an ingest runs: each row's INSERT keeps a statement journal (to undo that row alone when the database
// refuses it). Once a journal passes 64 KiB it spills to a temporary file, and from then on every row writes its pages
// there: 855,000 writes for 1,000,000 outcome rows, half the ingest's system time. With temp_store = MEMORY the
// journal stays in memory and is emptied after each row. The connection's setting is put back after. It is left as it
// is inside a transaction (where it cannot change), on another dialect, and when the connection has temporary tables
// (a change of temp_store drops them).
class StatementJournalInMemory {
 public:
  explicit StatementJournalInMemory(Database& db) : db_(db) {
    if (db.dialect() != Dialect::kSqlite) return;
    Result<std::vector<std::vector<SqlValue>>> temporary = query_rows(db, "SELECT count(*) FROM temp.sqlite_master");
    if (!temporary.ok() || sql_number(temporary.value()[0][0]) != 0) return;
    Result<std::vector<std::vector<SqlValue>>> current = query_rows(db, "PRAGMA temp_store");
    if (!current.ok() || current.value().empty()) return;
    const auto previous = static_cast<int>(sql_number(current.value()[0][0]));
    if (previous != 2 && db.exec("PRAGMA temp_store = MEMORY").ok()) previous_ = previous;
  }
  ~StatementJournalInMemory() {
    if (previous_ >= 0) static_cast<void>(db_.exec("PRAGMA temp_store = " + std::to_string(previous_)));
  }
  StatementJournalInMemory(const StatementJournalInMemory&) = delete;
  StatementJournalInMemory& operator=(const StatementJournalInMemory&) = delete;

 private:
  Database& db_;
  int previous_ = -1;  // the setting to put back; -1 when it was not changed
};

// CSV: the header opens the transaction and the writer; each record is converted per column and queued. A failure
// before the end of the input is held back: a CSV error later in the file (a ragged row, an open quote) is the
// answer, as when the whole file was parsed before anything else.
Result<IngestResult> ingest_csv(Database& db, ChunkSource& source, const IngestOptions& options,
                                ByteProgress* progress) {
  CsvStreamReader reader;
  std::optional<Transaction> tx;
  std::optional<RowWriter> writer;
  std::optional<IngestRows> rows;
  Status held;
  std::vector<SqlValue> values;
  const auto start = [&](const std::vector<std::string_view>& header) -> Status {
    if (header.size() > kMaxIngestColumns)
      return invalid_argument("the header has " + std::to_string(header.size()) +
                              " columns; learnloop ingests at most " + std::to_string(kMaxIngestColumns) +
                              " distinct columns");
    std::vector<std::string> columns;
    std::unordered_set<std::string> seen;
    for (const std::string_view h : header) {
      if (Status s = add_column(&columns, &seen, mapped(options.mapping, std::string(h)), "the header"); !s.ok())
        return s;
    }
    if (columns.size() != header.size()) return invalid_argument("two source columns map to the same table column");
    tx.emplace(db);
    if (!tx->status().ok()) return tx->status();
    Result<RowWriter> w = RowWriter::open(db, options.table, columns);
    if (!w.ok()) return w.error();
    writer.emplace(std::move(w).value());
    rows.emplace(&*writer);
    return {};
  };
  const CsvStreamReader::RecordFn on_record = [&](const CsvRecord& rec) -> Status {
    if (!held.ok()) return {};
    if (rec.header) {
      held = start(rec.fields);
      return {};
    }
    const Status converted = writer->convert_cells(rec.fields, &values);
    rows->add(rec.line, converted, &values);
    return {};
  };
  Status s = for_each_chunk(source, progress, [&](std::string_view chunk) { return reader.feed(chunk, on_record); });
  if (s.ok()) s = reader.finish(on_record);
  if (!s.ok()) {
    if (writer) writer->discard();  // before the transaction rolls back
    return s.error();
  }
  if (!held.ok()) return held.error();
  Result<IngestResult> done = rows->finish(options.skip_bad);
  if (!done.ok()) return done.error();
  if (Status c = tx->commit(); !c.ok()) return c.error();
  return done;
}

// JSON Lines: a first pass collects the columns (any record may add one), a second converts and writes the rows.
Result<IngestResult> ingest_jsonl(Database& db, ChunkSource& source, const IngestOptions& options,
                                  ByteProgress* progress) {
  std::vector<std::string> columns;
  std::unordered_set<std::string> seen;
  std::size_t first_bad_line = 0;
  std::string first_bad_error;
  nlohmann::json fields;
  std::string error;
  Status s = for_each_line(source, nullptr, [&](std::size_t line, std::string_view text) -> Status {
    if (!jsonl_record(text, options, &fields, &error)) return {};
    if (!error.empty()) {
      if (first_bad_line == 0) {
        first_bad_line = line;
        first_bad_error = error;
      }
      return {};
    }
    const std::string where = "line " + std::to_string(line);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (Status a = add_column(&columns, &seen, it.key(), where); !a.ok()) return a;
    }
    return {};
  });
  if (!s.ok()) return s.error();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  Result<RowWriter> writer = RowWriter::open(db, options.table, columns);
  if (!writer.ok()) {
    // A line that could not be read may be why a column is missing: name it rather than the column.
    if (first_bad_line > 0) return invalid_argument("line " + std::to_string(first_bad_line) + ": " + first_bad_error);
    return writer.error();
  }
  IngestRows rows(&writer.value());
  s = for_each_line(source, progress, [&](std::size_t line, std::string_view text) -> Status {
    if (!jsonl_record(text, options, &fields, &error)) return {};
    std::vector<SqlValue> values;
    if (!error.empty()) {
      rows.add(line, Error{ErrorCode::kParseError, error}, &values);
      return {};
    }
    Result<std::vector<SqlValue>> converted = writer.value().convert(fields, false);
    if (!converted.ok()) {
      rows.add(line, converted.error(), &values);
      return {};
    }
    values = std::move(converted).value();
    rows.add(line, Status(), &values);
    return {};
  });
  if (!s.ok()) {
    writer.value().discard();  // before the transaction rolls back
    return s.error();
  }
  Result<IngestResult> done = rows.finish(options.skip_bad);
  if (!done.ok()) return done.error();
  if (Status c = tx.commit(); !c.ok()) return c.error();
  return done;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> parse_column_mapping(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string pair = text.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
      return invalid_argument("mapping '" + pair +
                              "' is not SOURCE=COLUMN; expected e.g. views=impressions,post_id=decision_id");
    out.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    start = end + 1;
  }
  return out;
}

Result<IngestResult> ingest_stream(Database& db, ChunkSource& source, const IngestOptions& options,
                                   ProgressSink* progress) {
  if (Status s = check_schema(db); !s.ok()) return s.error();
  if (options.format != "csv" && options.format != "jsonl")
    return invalid_argument("unknown format '" + options.format + "'; expected csv or jsonl");
  ByteProgress bytes(progress, source.size());
  const StatementJournalInMemory journal(db);
  return options.format == "csv" ? ingest_csv(db, source, options, &bytes) : ingest_jsonl(db, source, options, &bytes);
}

Result<IngestResult> ingest_text(Database& db, const std::string& text, const IngestOptions& options,
                                 ProgressSink* progress) {
  TextChunkSource source(text, options.chunk_bytes);
  return ingest_stream(db, source, options, progress);
}

}  // namespace learnloop
