// Checked writes and filtered reads of metric tables.
#include "learnloop/store/metrics_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_set>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/ingest.hpp"
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

// `v` as a field of PostgreSQL's CSV COPY format: NULL unquoted and empty, text always quoted.
void append_csv_field(const SqlValue& v, std::string* out) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    *out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    *out += buf;
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    *out += '"';
    for (const char c : *s) {
      if (c == '"') *out += '"';
      *out += c;
    }
    *out += '"';
  }
}

}  // namespace

void RowWriter::queue(std::size_t tag, std::vector<SqlValue> values) { queued_.emplace_back(tag, std::move(values)); }

std::vector<std::pair<std::size_t, Error>> RowWriter::flush() {
  std::vector<std::pair<std::size_t, Error>> refused;
  auto batch = std::move(queued_);
  queued_.clear();
  if (batch.empty()) return refused;
  if (db_->dialect() == Dialect::kPostgres) {
    std::string names, data;
    for (const ColumnInfo& c : used_) names += (names.empty() ? "\"" : ", \"") + c.name + "\"";
    bool has_nul = false;
    for (const auto& row : batch) {
      for (std::size_t i = 0; i < row.second.size(); ++i) {
        if (i > 0) data += ',';
        const auto* s = std::get_if<std::string>(&row.second[i]);
        has_nul = has_nul || (s != nullptr && s->find('\0') != std::string::npos);
        append_csv_field(row.second[i], &data);
      }
      data += '\n';
    }
    if (!has_nul && db_->exec("SAVEPOINT learnloop_copy").ok()) {
      const std::string sql = "COPY \"" + table_ + "\" (" + names + ") FROM STDIN (FORMAT csv)";
      if (db_->copy_in(sql, data).ok() && db_->exec("RELEASE SAVEPOINT learnloop_copy").ok()) return refused;
      static_cast<void>(db_->exec("ROLLBACK TO SAVEPOINT learnloop_copy"));
    }
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
