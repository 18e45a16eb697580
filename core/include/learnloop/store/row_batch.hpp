// Writes many rows of the same columns into one table, in as few round trips as the dialect allows: SQLite
// in process steps one prepared statement per row (its fastest path); PostgreSQL, and SQLite behind a JS
// adapter (Database::prefers_fewer_wider_calls), take multi-row INSERT ... VALUES statements (one call per batch of
// rows instead of per row). The rows written, and their order, are the same on all.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// The INSERT of `rows` rows of `columns` into `table` in SQLite syntax ('?' placeholders), the rows in order.
std::string multi_row_insert_sql(const std::string& table, const std::vector<std::string>& columns, std::size_t rows);

/// A buffered INSERT of rows into one table: add() each row, then finish(); nothing is written until a batch
/// fills or finish() runs, so call finish() inside the caller's transaction.
class RowBatch {
 public:
  /// Rows per statement on PostgreSQL at most (also kept under its 65,535 parameters per statement).
  static constexpr std::size_t kMaxRowsPerStatement = 1000;
  /// Rows per statement on SQLite behind a connection that prefers fewer, wider calls (the JS adapters).
  static constexpr std::size_t kWideSqliteRows = 64;
  /// Parameters per statement on SQLite at most: the smallest default of SQLITE_MAX_VARIABLE_NUMBER (before 3.32).
  static constexpr std::size_t kMostSqliteParameters = 999;

  /// A batch writing `columns` of `table` (names as the schema spells them, trusted: the core's own).
  RowBatch(Database& db, std::string table, std::vector<std::string> columns);
  /// Queues one row (one value per column); may write a full batch.
  Status add(std::vector<SqlValue>&& row);
  /// Queues a copy of one row (SQLite binds it as it is); may write a full batch.
  Status add(const std::vector<SqlValue>& row);
  /// Writes every queued row.
  Status finish();

 private:
  // One row per statement (SQLite in process): writes `row` now. Else false (the caller queues it).
  Result<bool> wrote_directly(const std::vector<SqlValue>& row);
  // Multi-row statements: writes the queued rows once they fill a statement.
  Status write_if_full();
  Status write_queued();

  Database& db_;
  std::string table_;
  std::vector<std::string> columns_;
  std::size_t rows_per_statement_;
  std::unique_ptr<Statement> single_;  // one row per statement: that statement, prepared once
  std::unique_ptr<Statement> full_;    // multi-row statements: the statement of a full batch, prepared once
  std::vector<SqlValue> queued_;       // multi-row statements: the queued rows' values, row after row
};

}  // namespace learnloop
