// Batched INSERTs for rows written in a loop: one prepared statement stepped per row on SQLite in process, multi-row
// INSERT ... VALUES statements on PostgreSQL and through JS adapters (the core renders both; the backends only run
// them).
#include "learnloop/store/row_batch.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace learnloop {

std::string multi_row_insert_sql(const std::string& table, const std::vector<std::string>& columns, std::size_t rows) {
  std::string names, row = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += (i == 0 ? "\"" : ", \"") + columns[i] + "\"";
    row += i == 0 ? "?" : ", ?";
  }
  row += ")";
  std::string sql = "INSERT INTO \"" + table + "\" (" + names + ") VALUES ";
  sql.reserve(sql.size() + rows * (row.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += row;
  }
  return sql;
}

namespace {

// Rows per statement, up to the parameters a statement may hold: on PostgreSQL kMaxRowsPerStatement; on SQLite one, or
// kWideSqliteRows where the connection prefers fewer, wider calls.
std::size_t rows_per_statement(const Database& db, std::size_t columns) {
  const std::size_t width = std::max<std::size_t>(1, columns);
  if (db.dialect() != Dialect::kSqlite)
    return std::max<std::size_t>(1, std::min(RowBatch::kMaxRowsPerStatement, std::size_t{65535} / width));
  if (!db.prefers_fewer_wider_calls()) return 1;
  return std::max<std::size_t>(1, std::min(RowBatch::kWideSqliteRows, RowBatch::kMostSqliteParameters / width));
}

}  // namespace

RowBatch::RowBatch(Database& db, std::string table, std::vector<std::string> columns)
    : db_(db),
      table_(std::move(table)),
      columns_(std::move(columns)),
      rows_per_statement_(rows_per_statement(db_, columns_.size())) {}

Result<bool> RowBatch::wrote_directly(const std::vector<SqlValue>& row) {
  if (row.size() != columns_.size())
    return Error{ErrorCode::kInternal, "a row of " + std::to_string(row.size()) + " values for the " +
                                           std::to_string(columns_.size()) + " columns of " + table_};
  if (db_.dialect() != Dialect::kSqlite || rows_per_statement_ > 1) return false;
  if (!single_) {
    Result<std::unique_ptr<Statement>> insert = db_.prepare(multi_row_insert_sql(table_, columns_, 1));
    if (!insert.ok()) return insert.error();
    single_ = std::move(insert).value();
  }
  if (Status s = single_->bind(row); !s.ok()) return s.error();
  Result<bool> r = single_->step();
  if (!r.ok()) return r.error();
  return true;
}

Status RowBatch::add(std::vector<SqlValue>&& row) {
  Result<bool> wrote = wrote_directly(row);
  if (!wrote.ok() || wrote.value()) return wrote.status();
  std::move(row.begin(), row.end(), std::back_inserter(queued_));
  return write_if_full();
}

Status RowBatch::add(const std::vector<SqlValue>& row) {
  Result<bool> wrote = wrote_directly(row);
  if (!wrote.ok() || wrote.value()) return wrote.status();
  queued_.insert(queued_.end(), row.begin(), row.end());
  return write_if_full();
}

Status RowBatch::write_if_full() {
  return queued_.size() < rows_per_statement_ * columns_.size() ? Status{} : write_queued();
}

Status RowBatch::finish() { return queued_.empty() ? Status{} : write_queued(); }

Status RowBatch::write_queued() {
  const std::size_t rows = queued_.size() / columns_.size();
  std::unique_ptr<Statement> partial;
  Statement* insert = nullptr;
  if (rows == rows_per_statement_) {
    if (!full_) {
      Result<std::unique_ptr<Statement>> made = db_.prepare(multi_row_insert_sql(table_, columns_, rows));
      if (!made.ok()) return made.error();
      full_ = std::move(made).value();
    }
    insert = full_.get();
  } else {
    Result<std::unique_ptr<Statement>> made = db_.prepare(multi_row_insert_sql(table_, columns_, rows));
    if (!made.ok()) return made.error();
    partial = std::move(made).value();
    insert = partial.get();
  }
  Status s = insert->bind(queued_);
  queued_.clear();
  if (!s.ok()) return s;
  Result<bool> r = insert->step();
  return r.ok() ? Status{} : Status(r.error());
}

}  // namespace learnloop
