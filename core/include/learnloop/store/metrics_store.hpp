// Writing and reading metric rows of any metric table (see metric_tables()): records are JSON
// objects keyed by column name, checked against the table's declared columns before anything is
// written, and written in one transaction (all or nothing).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/store/database.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop {

/// Which rows read_metrics() returns; empty fields do not filter.
struct MetricsFilter {
  std::string content_id;  ///< equal to content_id (decision_id in content_metadata and outcomes)
  std::string platform;    ///< equal to platform, for tables that have one
  std::string from;        ///< first day (YYYY-MM-DD) of the table's time column
  std::string to;          ///< last day (YYYY-MM-DD), inclusive
  std::int64_t limit = 0;  ///< at most this many rows, newest first when > 0
};

/// The SQL value for raw `value` in `column`; strings are parsed as numbers for numeric columns when
/// `text_numbers` (CSV cells). Errors name the column and say what was expected.
Result<SqlValue> column_value(const ColumnInfo& column, const nlohmann::json& value, bool text_numbers);

/// A checked insert of records into one table: columns are resolved once, rows are converted per record.
class RowWriter {
 public:
  /// Prepares inserts into `table` (a metric table) with the columns named in `columns`.
  static Result<RowWriter> open(Database& db, const std::string& table, const std::vector<std::string>& columns);
  /// Converts one record (column name -> raw value) to SQL values, without writing.
  Result<std::vector<SqlValue>> convert(const nlohmann::json& record, bool text_numbers) const;
  /// Converts one CSV record's cells, one per column given to open() and in that order, into `out`: the checks and
  /// messages of column_value(column, cell, true), typed per column without building JSON.
  Status convert_cells(const std::vector<std::string_view>& cells, std::vector<SqlValue>* out) const;
  /// Inserts converted values. A row the database refuses leaves the transaction usable for the next rows
  /// (PostgreSQL: each row in a savepoint, since a failed statement would abort the whole transaction there).
  Status insert(const std::vector<SqlValue>& values);
  /// Rows per multi-row INSERT of queue() on SQLite (kept under SQLite's oldest limit of 999 parameters).
  static constexpr std::size_t kRowsPerInsert = 64;
  /// Queues converted values under `tag` (e.g. the input line) for flush(). SQLite inserts them in groups of
  /// kRowsPerInsert rows, one multi-row INSERT per group (one call per group instead of per row, which is what a JS
  /// adapter pays for); a group the database refuses is inserted again row by row, and each refusal is kept for
  /// flush(). PostgreSQL streams them into one COPY per batch (no other statement may run on the connection until
  /// flush()) and keeps them to name refused rows.
  void queue(std::size_t tag, std::vector<SqlValue> values);
  /// Writes the queued rows and returns the refused ones as (tag, error), in queue order. PostgreSQL: one COPY
  /// in a savepoint; when the server refuses it, the batch is written row by row to name each refused row.
  std::vector<std::pair<std::size_t, Error>> flush();
  /// Drops the queued rows (PostgreSQL: cancels the COPY under way) so the connection can roll back.
  void discard();
  /// The table's declared columns.
  const std::vector<ColumnInfo>& table_columns() const { return all_; }

 private:
  void stream_copy(const std::vector<SqlValue>& values);
  void cancel_copy();
  void insert_group();

  Database* db_ = nullptr;
  std::string table_;
  std::vector<ColumnInfo> all_;
  std::vector<ColumnInfo> used_;
  std::vector<int> kinds_;  // per used column: how convert_cells() reads its text (a CellKind)
  std::shared_ptr<Statement> insert_;
  std::shared_ptr<Statement> group_insert_;  // SQLite: the INSERT of a full group (group_rows_ rows), prepared once
  std::size_t group_rows_ = 1;               // SQLite: rows per multi-row INSERT for this many columns
  std::vector<SqlValue> group_;              // SQLite: the queued rows' values, row after row
  std::vector<std::size_t> group_tags_;      // SQLite: the queued rows' tags
  std::vector<std::pair<std::size_t, std::vector<SqlValue>>> queued_;
  std::vector<std::pair<std::size_t, Error>> refused_;  // SQLite: rows refused by queue() since the last flush()
  std::string copy_sql_;                                // PostgreSQL: the batch's COPY statement
  std::string copy_buffer_;                             // PostgreSQL: COPY input not sent yet
  int copy_state_ = 0;                                  // PostgreSQL: 0 no COPY, 1 streaming, 2 failed (row by row)
  bool savepoint_ = false;                              // PostgreSQL: the batch's savepoint is set
};

/// Writes one record (an object) or many (an array of objects) to `table` in one transaction.
Status write_metrics(Database& db, const std::string& table, const nlohmann::json& records);

/// Reads rows of `table` matching `filter`, as JSON objects (JSON_TEXT columns parsed).
Result<nlohmann::json> read_metrics(Database& db, const std::string& table, const MetricsFilter& filter);

/// The column that dates rows of a metric table (measured_at, collected_at, posted_at ...).
std::string time_column(const std::string& table);

}  // namespace learnloop
