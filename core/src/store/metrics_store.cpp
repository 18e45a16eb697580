// Checked writes and filtered reads of metric tables.
#include "learnloop/store/metrics_store.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_set>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/row_batch.hpp"
#include "learnloop/text/utf8.hpp"

namespace learnloop {
namespace {

Error column_error(const ColumnInfo& c, const nlohmann::json& v, const std::string& expected) {
  std::string shown = v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump();
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  return invalid_argument("column '" + c.name + "': " + shown + " is not " + expected);
}

bool parse_integer_text(const std::string& s, std::int64_t* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

bool parse_real_text(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// `text` through parse_integer_text()/parse_real_text() (a short cell fits std::string's inline buffer: no heap).
template <class T>
bool parse_view(std::string_view text, T* out, bool (*parse)(const std::string&, T*)) {
  return parse(std::string(text), out);
}

// How convert_cells() reads a column's text.
enum CellKind : int { kCellInteger, kCellReal, kCellJson, kCellText, kCellDate, kCellTimestamp, kCellOther };

int cell_kind(const std::string& type) {
  if (type == "INTEGER") return kCellInteger;
  if (type == "REAL") return kCellReal;
  if (type == "JSON_TEXT") return kCellJson;
  if (type == "TEXT") return kCellText;
  if (type == "DATE_TEXT") return kCellDate;
  return type == "TIMESTAMP_TEXT" ? kCellTimestamp : kCellOther;
}

// column_value(c, text, true) for one CSV cell; the error path goes through column_value() itself so the
// messages are the same by construction.
Status cell_value(const ColumnInfo& c, int kind, std::string_view text, SqlValue* out) {
  const auto slow = [&]() -> Status {
    Result<SqlValue> v = column_value(c, nlohmann::json(std::string(text)), true);
    if (!v.ok()) return v.error();
    *out = std::move(v).value();
    return {};
  };
  if (text.empty()) {
    if (c.required) return slow();
    *out = SqlValue{};
    return {};
  }
  switch (kind) {
    case kCellInteger: {
      std::int64_t v = 0;
      if (!parse_view(text, &v, parse_integer_text)) return slow();
      *out = v;
      return {};
    }
    case kCellReal: {
      double v = 0;
      if (!parse_view(text, &v, parse_real_text)) return slow();
      *out = v;
      return {};
    }
    case kCellText:
    case kCellDate:
    case kCellTimestamp: {
      if (!is_valid_utf8(text)) return slow();
      std::string s(text);
      if (kind == kCellDate && !parse_date(s).ok()) return slow();
      if (kind == kCellTimestamp && !check_timestamp(s).ok()) return slow();
      *out = std::move(s);
      return {};
    }
    default:
      return slow();
  }
}

bool has_column(const std::vector<ColumnInfo>& columns, const std::string& name) {
  return std::any_of(columns.begin(), columns.end(), [&](const ColumnInfo& c) { return c.name == name; });
}

std::string column_names(const std::vector<ColumnInfo>& columns) {
  std::string out;
  for (const ColumnInfo& c : columns) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

Status check_metric_table(const std::string& table) {
  const std::vector<std::string>& tables = metric_tables();
  if (std::find(tables.begin(), tables.end(), table) != tables.end()) return {};
  std::string names;
  for (const std::string& t : tables) names += (names.empty() ? "" : ", ") + t;
  return invalid_argument("unknown metric table '" + table + "'; expected one of: " + names);
}

std::string content_column(const std::string& table) {
  if (table == "creative_metrics") return "creative_id";
  return table == "content_metadata" || table == "outcomes" || table == "decisions" ? "decision_id" : "content_id";
}

nlohmann::json json_of(const ColumnInfo& c, const SqlValue& v) {
  if (is_null(v)) return nullptr;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (c.declared_type == "JSON_TEXT") {
      Result<nlohmann::json> parsed = parse_json(*s);
      if (parsed.ok()) return parsed.value();
    }
    return *s;
  }
  return nullptr;  // BLOBs are not part of metric rows
}

}  // namespace

Result<SqlValue> column_value(const ColumnInfo& c, const nlohmann::json& v, bool text_numbers) {
  const bool missing = v.is_null() || (text_numbers && v.is_string() && v.get<std::string>().empty());
  if (missing) {
    if (c.required) return invalid_argument("column '" + c.name + "' is required and missing");
    return SqlValue{};
  }
  const std::string& type = c.declared_type;
  if (type == "INTEGER") {
    if (v.is_boolean()) return SqlValue{std::int64_t{v.get<bool>() ? 1 : 0}};
    // JSON integers above 2^63-1 arrive unsigned; reading them as int64 would wrap (2^64-1 became -1).
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return column_error(c, v, "an integer from -2^63 to 2^63-1");
    if (v.is_number_integer()) return SqlValue{v.get<std::int64_t>()};
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() &&
        std::fabs(v.get<double>()) < 9.007199254740992e15)
      return SqlValue{static_cast<std::int64_t>(v.get<double>())};
    std::int64_t parsed = 0;
    if (text_numbers && v.is_string() && parse_integer_text(v.get<std::string>(), &parsed)) return SqlValue{parsed};
    return column_error(c, v, "an integer from -2^63 to 2^63-1");
  }
  if (type == "REAL") {
    if (v.is_number()) return SqlValue{v.get<double>()};
    double parsed = 0;
    if (text_numbers && v.is_string() && parse_real_text(v.get<std::string>(), &parsed)) return SqlValue{parsed};
    return column_error(c, v, "a finite number");
  }
  if (type == "JSON_TEXT") {
    if (!v.is_string()) return SqlValue{v.dump()};
    if (!parse_json(v.get<std::string>()).ok()) return column_error(c, v, "valid JSON");
    return SqlValue{v.get<std::string>()};
  }
  if (!v.is_string()) return column_error(c, v, "text");
  const std::string text = v.get<std::string>();
  // Stored text comes back out in JSON reports, which need valid UTF-8.
  if (!is_valid_utf8(text))
    return invalid_argument("column '" + c.name + "': the text is not valid UTF-8 (at byte " +
                            std::to_string(invalid_utf8_offset(text)) + ")");
  if (type == "DATE_TEXT") {
    if (!parse_date(text).ok()) return column_error(c, v, "a date (YYYY-MM-DD)");
  } else if (type == "TIMESTAMP_TEXT") {
    if (!check_timestamp(text).ok())
      return column_error(c, v, "a UTC timestamp (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z])");
  } else if (type != "TEXT") {
    return column_error(c, v, "writable here (" + type + " columns are written by their own API)");
  }
  return SqlValue{text};
}

Result<RowWriter> RowWriter::open(Database& db, const std::string& table, const std::vector<std::string>& columns) {
  if (Status s = check_metric_table(table); !s.ok()) return s.error();
  Result<std::vector<ColumnInfo>> all = learnloop::table_columns(db, table);
  if (!all.ok()) return all.error();
  RowWriter w;
  w.db_ = &db;
  w.table_ = table;
  w.all_ = all.value();
  std::string names, marks;
  for (const std::string& name : columns) {
    auto it = std::find_if(w.all_.begin(), w.all_.end(), [&](const ColumnInfo& c) { return c.name == name; });
    if (it == w.all_.end())
      return invalid_argument("table '" + table + "' has no column '" + name +
                              "'; expected columns: " + column_names(w.all_));
    if (std::any_of(w.used_.begin(), w.used_.end(), [&](const ColumnInfo& c) { return c.name == name; }))
      return invalid_argument("column '" + name + "' is given twice");
    w.used_.push_back(*it);
    w.kinds_.push_back(cell_kind(it->declared_type));
    names += (names.empty() ? "\"" : ", \"") + name + "\"";
    marks += marks.empty() ? "?" : ", ?";
  }
  for (const ColumnInfo& c : w.all_) {
    if (c.required && !has_column(w.used_, c.name))
      return invalid_argument("table '" + table + "' needs column '" + c.name + "', which is missing");
  }
  Result<std::unique_ptr<Statement>> stmt =
      db.prepare("INSERT INTO \"" + table + "\" (" + names + ") VALUES (" + marks + ")");
  if (!stmt.ok()) return stmt.error();
  w.insert_ = std::move(stmt).value();
  w.group_rows_ =
      std::clamp<std::size_t>(std::size_t{999} / std::max<std::size_t>(1, columns.size()), 1, kRowsPerInsert);
  w.copy_sql_ = "COPY \"" + table + "\" (" + names + ") FROM STDIN (FORMAT csv)";
  return w;
}

Result<std::vector<SqlValue>> RowWriter::convert(const nlohmann::json& record, bool text_numbers) const {
  if (!record.is_object()) return invalid_argument("a record must be a JSON object of column: value");
  for (auto it = record.begin(); it != record.end(); ++it) {
    if (!has_column(used_, it.key()))
      return invalid_argument("table '" + table_ + "' has no column '" + it.key() +
                              "'; expected columns: " + column_names(all_));
  }
  std::vector<SqlValue> values;
  values.reserve(used_.size());
  for (const ColumnInfo& c : used_) {
    const auto found = record.find(c.name);
    Result<SqlValue> v = column_value(c, found == record.end() ? nlohmann::json() : *found, text_numbers);
    if (!v.ok()) return v.error();
    values.push_back(std::move(v).value());
  }
  return values;
}

Status RowWriter::convert_cells(const std::vector<std::string_view>& cells, std::vector<SqlValue>* out) const {
  out->resize(used_.size());
  if (cells.size() != used_.size())
    return Error{ErrorCode::kInternal, "a record has " + std::to_string(cells.size()) + " cells for " +
                                           std::to_string(used_.size()) + " columns"};
  for (std::size_t i = 0; i < used_.size(); ++i) {
    if (Status s = cell_value(used_[i], kinds_[i], cells[i], &(*out)[i]); !s.ok()) return s;
  }
  return {};
}

Status RowWriter::insert(const std::vector<SqlValue>& values) {
  const bool savepoint = db_->dialect() == Dialect::kPostgres;
  if (savepoint) {
    if (Status s = db_->exec("SAVEPOINT learnloop_row"); !s.ok()) return s;
  }
  Status s = insert_->bind(values);
  if (s.ok()) {
    Result<bool> r = insert_->step();
    if (!r.ok()) s = r.error();
  }
  if (!savepoint) return s;
  if (!s.ok()) {
    static_cast<void>(db_->exec("ROLLBACK TO SAVEPOINT learnloop_row"));  // the row's error is the one to report
    return s;
  }
  return db_->exec("RELEASE SAVEPOINT learnloop_row");
}

Status write_metrics(Database& db, const std::string& table, const nlohmann::json& records) {
  const nlohmann::json list = records.is_array() ? records : nlohmann::json::array({records});
  std::vector<std::string> columns;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& r = list[i];
    if (!r.is_object()) return invalid_argument("records must be JSON objects of column: value");
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (!seen.insert(it.key()).second) continue;
      if (columns.size() == kMaxIngestColumns)
        return invalid_argument("record " + std::to_string(i + 1) + " brings the records to more than " +
                                std::to_string(kMaxIngestColumns) + " distinct columns; learnloop writes at most " +
                                std::to_string(kMaxIngestColumns));
      columns.push_back(it.key());
    }
  }
  if (list.empty()) return {};
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  Result<RowWriter> writer = RowWriter::open(db, table, columns);
  if (!writer.ok()) return writer.error();
  for (std::size_t i = 0; i < list.size(); ++i) {
    Result<std::vector<SqlValue>> values = writer.value().convert(list[i], false);
    Status s = values.ok() ? writer.value().insert(values.value()) : Status(values.error());
    if (!s.ok()) return Error{s.error().code, "record " + std::to_string(i + 1) + ": " + s.error().message};
  }
  return tx.commit();
}

namespace {

constexpr std::size_t kCopySendBytes = std::size_t{1} << 16;  // COPY input sent to the server at once
constexpr int kCopyIdle = 0, kCopyOpen = 1, kCopyFailed = 2;

// `v` as a field of PostgreSQL's CSV COPY format: NULL unquoted and empty, text always quoted.
void append_csv_field(const SqlValue& v, std::string* out) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    char buf[24];
    const auto done = std::to_chars(buf, buf + sizeof buf, *i);
    out->append(buf, done.ptr);
  } else if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%.17g", *d);
    out->append(buf, static_cast<std::size_t>(n));
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    *out += '"';
    if (s->find('"') == std::string::npos) {
      *out += *s;
    } else {
      for (const char c : *s) {
        if (c == '"') *out += '"';
        *out += c;
      }
    }
    *out += '"';
  }
}

}  // namespace

void RowWriter::queue(std::size_t tag, std::vector<SqlValue> values) {
  if (db_->dialect() != Dialect::kPostgres) {
    for (SqlValue& v : values) group_.push_back(std::move(v));
    group_tags_.push_back(tag);
    if (group_tags_.size() == group_rows_) insert_group();
    return;
  }
  if (copy_state_ != kCopyFailed) stream_copy(values);
  queued_.emplace_back(tag, std::move(values));
}

void RowWriter::insert_group() {
  const std::size_t rows = group_tags_.size();
  if (rows == 0) return;
  Status s;
  if (rows == 1) {
    s = insert(group_);
  } else {
    // The full group's statement is prepared once; a shorter group (the last of a batch) gets its own.
    std::shared_ptr<Statement> partial;
    Statement* stmt = group_insert_.get();
    if (rows != group_rows_ || stmt == nullptr) {
      std::vector<std::string> names;
      names.reserve(used_.size());
      for (const ColumnInfo& c : used_) names.push_back(c.name);
      Result<std::unique_ptr<Statement>> made = db_->prepare(multi_row_insert_sql(table_, names, rows));
      if (made.ok()) {
        partial = std::move(made).value();
        if (rows == group_rows_) group_insert_ = partial;
        stmt = partial.get();
      } else {
        s = made.error();
      }
    }
    if (s.ok()) s = stmt->bind(group_);
    if (s.ok()) {
      Result<bool> r = stmt->step();
      if (!r.ok()) s = r.error();
    }
    // A refused statement wrote none of its rows (SQLite undoes the whole statement): row by row, each refusal
    // is named by its own tag with the message a one-row INSERT gives.
    if (!s.ok()) {
      const std::size_t columns = used_.size();
      std::vector<SqlValue> row;
      for (std::size_t r = 0; r < rows; ++r) {
        const auto first = group_.begin() + static_cast<std::ptrdiff_t>(r * columns);
        row.assign(first, first + static_cast<std::ptrdiff_t>(columns));
        if (Status one = insert(row); !one.ok()) refused_.emplace_back(group_tags_[r], one.error());
      }
      s = Status();
    }
  }
  if (!s.ok()) refused_.emplace_back(group_tags_[0], s.error());
  group_.clear();
  group_tags_.clear();
}

void RowWriter::stream_copy(const std::vector<SqlValue>& values) {
  for (const SqlValue& v : values) {
    // COPY's text cannot carry a NUL byte: such a batch goes row by row (where the row is refused by name).
    const auto* s = std::get_if<std::string>(&v);
    if (s != nullptr && s->find('\0') != std::string::npos) return cancel_copy();
  }
  if (copy_state_ == kCopyIdle) {
    if (!db_->exec("SAVEPOINT learnloop_copy").ok()) return cancel_copy();
    savepoint_ = true;
    if (!db_->copy_begin(copy_sql_).ok()) {
      copy_state_ = kCopyFailed;
      return;
    }
    copy_state_ = kCopyOpen;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) copy_buffer_ += ',';
    append_csv_field(values[i], &copy_buffer_);
  }
  copy_buffer_ += '\n';
  if (copy_buffer_.size() >= kCopySendBytes) {
    const bool sent = db_->copy_data(copy_buffer_).ok();
    copy_buffer_.clear();
    if (!sent) cancel_copy();
  }
}

void RowWriter::cancel_copy() {
  if (copy_state_ == kCopyOpen) static_cast<void>(db_->copy_end(true));
  copy_state_ = kCopyFailed;
  copy_buffer_.clear();
}

void RowWriter::discard() {
  cancel_copy();
  copy_state_ = kCopyIdle;
  savepoint_ = false;
  queued_.clear();
  refused_.clear();
  group_.clear();
  group_tags_.clear();
}

std::vector<std::pair<std::size_t, Error>> RowWriter::flush() {
  insert_group();
  std::vector<std::pair<std::size_t, Error>> refused = std::move(refused_);
  refused_.clear();
  auto batch = std::move(queued_);
  queued_.clear();
  if (db_->dialect() == Dialect::kPostgres) {
    bool copied = false;
    if (copy_state_ == kCopyOpen) {
      const bool sent = db_->copy_data(copy_buffer_).ok();
      copied = db_->copy_end(!sent).ok() && sent && db_->exec("RELEASE SAVEPOINT learnloop_copy").ok();
    }
    if (!copied && savepoint_) static_cast<void>(db_->exec("ROLLBACK TO SAVEPOINT learnloop_copy"));
    copy_buffer_.clear();
    copy_state_ = kCopyIdle;
    savepoint_ = false;
    // When the server refused the COPY, the batch is written row by row to name each refused row.
    if (copied) return refused;
  }
  for (auto& row : batch) {
    if (Status s = insert(row.second); !s.ok()) refused.emplace_back(row.first, s.error());
  }
  return refused;
}

std::string time_column(const std::string& table) {
  if (table == "content_metadata") return "posted_at";
  if (table == "outcomes") return "collected_at";
  if (table == "meta_learning_scores") return "computed_at";
  if (table == "prediction_records") return "predicted_at";
  if (table == "creative_metrics") return "metric_date";
  if (table == "decisions") return "decided_at";
  return "measured_at";
}

Result<nlohmann::json> read_metrics(Database& db, const std::string& table, const MetricsFilter& filter) {
  if (Status s = check_metric_table(table); !s.ok()) return s.error();
  Result<std::vector<ColumnInfo>> columns = table_columns(db, table);
  if (!columns.ok()) return columns.error();
  std::string sql = "SELECT * FROM \"" + table + "\" WHERE 1 = 1";
  std::vector<SqlValue> params;
  const std::string time = time_column(table);
  if (!filter.content_id.empty()) {
    sql += " AND " + content_column(table) + " = ?";
    params.push_back(filter.content_id);
  }
  if (!filter.platform.empty()) {
    if (!has_column(columns.value(), "platform"))
      return invalid_argument("table '" + table + "' has no platform column to filter on");
    sql += " AND platform = ?";
    params.push_back(filter.platform);
  }
  if (!filter.from.empty()) {
    Result<DayNumber> from = parse_date(filter.from, "from");
    if (!from.ok()) return from.error();
    sql += " AND " + time + " >= ?";
    params.push_back(format_date(from.value()));
  }
  if (!filter.to.empty()) {
    Result<DayNumber> to = parse_date(filter.to, "to");
    if (!to.ok()) return to.error();
    sql += " AND " + time + " < ?";
    params.push_back(format_date(to.value() + 1));
  }
  if (filter.limit < 0) return invalid_argument("limit must be >= 0 (0 means no limit)");
  sql += " ORDER BY " + time + (filter.limit > 0 ? " DESC LIMIT " + std::to_string(filter.limit) : " ASC");
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, sql, params);
  if (!rows.ok()) return rows.error();
  nlohmann::json out = nlohmann::json::array();
  for (const std::vector<SqlValue>& r : rows.value()) {
    nlohmann::json obj = nlohmann::json::object();
    for (std::size_t i = 0; i < columns.value().size() && i < r.size(); ++i)
      obj[columns.value()[i].name] = json_of(columns.value()[i], r[i]);
    out.push_back(std::move(obj));
  }
  return out;
}

}  // namespace learnloop
