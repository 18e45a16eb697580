// Writing and reading metric rows of any metric table (see metric_tables()): records are JSON
// objects keyed by column name, checked against the table's declared columns before anything is
// written, and written in one transaction (all or nothing).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
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
  /// Inserts converted values. A row the database refuses leaves the transaction usable for the next rows
  /// (PostgreSQL: each row in a savepoint, since a failed statement would abort the whole transaction there).
  Status insert(const std::vector<SqlValue>& values);
  /// Queues converted values under `tag` (e.g. the input line) for flush().
  void queue(std::size_t tag, std::vector<SqlValue> values);
  /// Writes the queued rows and returns the refused ones as (tag, error), in queue order. PostgreSQL: one COPY
  /// in a savepoint; when the server refuses it, the batch is written row by row to name each refused row.
  std::vector<std::pair<std::size_t, Error>> flush();
  /// The table's declared columns.
  const std::vector<ColumnInfo>& table_columns() const { return all_; }

 private:
  Database* db_ = nullptr;
  std::string table_;
  std::vector<ColumnInfo> all_;
  std::vector<ColumnInfo> used_;
  std::shared_ptr<Statement> insert_;
  std::vector<std::pair<std::size_t, std::vector<SqlValue>>> queued_;
};

/// Writes one record (an object) or many (an array of objects) to `table` in one transaction.
Status write_metrics(Database& db, const std::string& table, const nlohmann::json& records);

/// Reads rows of `table` matching `filter`, as JSON objects (JSON_TEXT columns parsed).
Result<nlohmann::json> read_metrics(Database& db, const std::string& table, const MetricsFilter& filter);

/// The column that dates rows of a metric table (measured_at, collected_at, posted_at ...).
std::string time_column(const std::string& table);

}  // namespace learnloop
