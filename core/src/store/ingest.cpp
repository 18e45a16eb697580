// CSV / JSON Lines ingest through RowWriter, inside one transaction.
#include "learnloop/store/ingest.hpp"

#include <algorithm>
#include <unordered_set>

#include "learnloop/core/json_state.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kMaxListedBadRows = 10;
constexpr std::size_t kProgressEvery = 10000;

// One input record: its line number and its fields, or why it could not be read.
struct InputRecord {
  std::size_t line = 0;
  nlohmann::json fields;
  std::string parse_error;
};

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

// The input, parsed once; records are built one at a time so a large file never exists as JSON.
class InputRecords {
 public:
  static Result<InputRecords> parse(const std::string& text, const IngestOptions& options) {
    InputRecords in;
    in.csv_ = options.format == "csv";
    if (in.csv_) {
      Result<CsvTable> table = parse_csv(text);
      if (!table.ok()) return table.error();
      in.table_ = std::move(table).value();
      if (in.table_.header.size() > kMaxIngestColumns)
        return invalid_argument("the header has " + std::to_string(in.table_.header.size()) +
                                " columns; learnloop ingests at most " + std::to_string(kMaxIngestColumns) +
                                " distinct columns");
      for (const std::string& h : in.table_.header) {
        if (Status s = add_column(&in.columns_, &in.seen_, mapped(options.mapping, h), "the header"); !s.ok())
          return s.error();
      }
      if (in.columns_.size() != in.table_.header.size())
        return invalid_argument("two source columns map to the same table column");
      return in;
    }
    if (options.format != "jsonl")
      return invalid_argument("unknown format '" + options.format + "'; expected csv or jsonl");
    std::size_t line = 0, start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      std::string body = text.substr(start, end - start);
      ++line;
      start = end + 1;
      if (!body.empty() && body.back() == '\r') body.pop_back();
      if (body.find_first_not_of(" \t") == std::string::npos) continue;
      InputRecord rec{line, nlohmann::json::object(), ""};
      Result<nlohmann::json> parsed = parse_json(body);
      if (!parsed.ok()) {
        rec.parse_error = parsed.error().message;
      } else if (!parsed.value().is_object()) {
        rec.parse_error = "expected a JSON object of column: value";
      } else {
        const std::string where = "line " + std::to_string(line);
        for (auto it = parsed.value().begin(); it != parsed.value().end(); ++it) {
          const std::string name = mapped(options.mapping, it.key());
          if (Status s = add_column(&in.columns_, &in.seen_, name, where); !s.ok()) return s.error();
          rec.fields[name] = it.value();
        }
      }
      in.jsonl_.push_back(std::move(rec));
    }
    return in;
  }

  /// Columns named by the header (CSV) or by any record (JSON Lines), after mapping.
  const std::vector<std::string>& columns() const { return columns_; }
  /// Number of records.
  std::size_t size() const { return csv_ ? table_.rows.size() : jsonl_.size(); }
  /// Record i.
  InputRecord record(std::size_t i) const {
    if (!csv_) return jsonl_[i];
    InputRecord rec{table_.line_numbers[i], nlohmann::json::object(), ""};
    for (std::size_t c = 0; c < columns_.size(); ++c) rec.fields[columns_[c]] = table_.rows[i][c];
    return rec;
  }

 private:
  bool csv_ = true;
  CsvTable table_;
  std::vector<InputRecord> jsonl_;
  std::vector<std::string> columns_;
  std::unordered_set<std::string> seen_;  // the names in columns_, for constant-time lookups
};

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

Result<IngestResult> ingest_text(Database& db, const std::string& text, const IngestOptions& options,
                                 ProgressSink* progress) {
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<InputRecords> records = InputRecords::parse(text, options);
  if (!records.ok()) return records.error();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  Result<RowWriter> writer = RowWriter::open(db, options.table, records.value().columns());
  if (!writer.ok()) {
    // A line that could not be read may be why a column is missing: name it rather than the column.
    for (std::size_t i = 0; options.format == "jsonl" && i < records.value().size(); ++i) {
      const InputRecord rec = records.value().record(i);
      if (!rec.parse_error.empty())
        return invalid_argument("line " + std::to_string(rec.line) + ": " + rec.parse_error);
    }
    return writer.error();
  }
  const bool text_numbers = options.format == "csv";
  IngestResult result;
  // Rows are checked here and written in batches (PostgreSQL: one COPY per batch); the database's own refusals
  // (keys, CHECKs) come back per row, so the bad rows are listed by line as the checks' are.
  std::vector<std::pair<std::size_t, std::string>> bad_lines;
  std::size_t queued = 0, refused = 0;
  const auto write_batch = [&] {
    for (const auto& [line, error] : writer.value().flush()) {
      bad_lines.emplace_back(line, error.message);
      ++refused;
    }
    result.rows_written += static_cast<std::int64_t>(queued);
    queued = 0;
  };
  const std::size_t total = records.value().size();
  for (std::size_t i = 0; i < total; ++i) {
    const InputRecord rec = records.value().record(i);
    Status s = rec.parse_error.empty() ? Status() : Status(Error{ErrorCode::kParseError, rec.parse_error});
    if (s.ok()) {
      Result<std::vector<SqlValue>> values = writer.value().convert(rec.fields, text_numbers);
      if (values.ok()) {
        writer.value().queue(rec.line, std::move(values).value());
        ++queued;
      } else {
        s = values.error();
      }
    }
    if (!s.ok()) bad_lines.emplace_back(rec.line, s.error().message);
    if ((i + 1) % kProgressEvery == 0 || i + 1 == total) {
      write_batch();
      if (progress) progress->on_progress("ingesting", i + 1, total);
    }
  }
  write_batch();
  std::stable_sort(bad_lines.begin(), bad_lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::size_t bad = bad_lines.size();
  result.rows_written -= static_cast<std::int64_t>(refused);
  for (std::size_t i = 0; i < bad && result.bad_rows.size() < kMaxListedBadRows; ++i)
    result.bad_rows.push_back("line " + std::to_string(bad_lines[i].first) + ": " + bad_lines[i].second);
  if (bad > result.bad_rows.size())
    result.bad_rows.push_back("... and " + std::to_string(bad - result.bad_rows.size()) + " more bad rows");
  if (bad > 0 && !options.skip_bad) {
    std::string message = std::to_string(bad) + " of " + std::to_string(total) +
                          " rows are bad; nothing was written (skip_bad writes the good rows):";
    for (const std::string& line : result.bad_rows) message += "\n  " + line;
    return Error{ErrorCode::kInvalidArgument, message};
  }
  if (Status s = tx.commit(); !s.ok()) return s.error();
  return result;
}

}  // namespace learnloop
