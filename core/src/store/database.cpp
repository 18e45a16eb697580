// Helpers over the Database interface shared by every store module: whole queries, single
// statements, transactions and value conversions.
#include "learnloop/store/database.hpp"

#include "learnloop/core/format.hpp"

namespace learnloop {

Result<std::vector<std::vector<SqlValue>>> query_rows(Database& db, const std::string& sql,
                                                      const std::vector<SqlValue>& params) {
  Result<std::unique_ptr<Statement>> stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  Statement& s = *stmt.value();
  if (Status b = s.bind(params); !b.ok()) return b.error();
  std::vector<std::vector<SqlValue>> rows;
  for (;;) {
    Result<bool> more = s.step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    rows.push_back(s.row());
  }
  return rows;
}

Status run_statement(Database& db, const std::string& sql, const std::vector<SqlValue>& params) {
  Result<std::unique_ptr<Statement>> stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  if (Status b = stmt.value()->bind(params); !b.ok()) return b;
  for (;;) {
    Result<bool> more = stmt.value()->step();
    if (!more.ok()) return more.error();
    if (!more.value()) return {};
  }
}

namespace {

// BEGIN IMMEDIATE succeeds on a read-only SQLite file; the first write would then fail on a data row.
Status begin_immediate(Database& db) {
  if (Status writable = db.check_writable(); !writable.ok()) return writable;
  Status s = db.exec(begin_write_sql(db.dialect()));
  // PostgreSQL: BEGIN succeeded and the lock wait failed (lock_timeout): leave no aborted transaction behind.
  if (!s.ok() && db.dialect() == Dialect::kPostgres) static_cast<void>(db.exec("ROLLBACK"));
  return s;
}

}  // namespace

Transaction::Transaction(Database& db) : db_(db), begin_(begin_immediate(db)) {}

Transaction::~Transaction() {
  // A destructor has no one to report to: the caller already returns the error that skipped commit(), and a
  // failed ROLLBACK leaves nothing to undo here (SQLite and PostgreSQL roll back an open transaction themselves
  // when the connection closes).
  if (begin_.ok() && !done_) static_cast<void>(db_.exec("ROLLBACK"));
}

Status Transaction::commit() {
  if (!begin_.ok()) return begin_;
  Status s = db_.exec("COMMIT");
  if (s.ok()) done_ = true;
  return s;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db), begin_(db.exec(begin_read_sql(db.dialect()))) {}

ReadTransaction::~ReadTransaction() {
  // Nothing was written, so a failed end leaves nothing to lose (see ~Transaction).
  if (begin_.ok() && !done_) static_cast<void>(db_.exec("ROLLBACK"));
}

Status ReadTransaction::end() {
  if (!begin_.ok() || done_) return begin_;
  done_ = true;
  return db_.exec("ROLLBACK");
}

double sql_number(const SqlValue& v, double fallback) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return fallback;
}

std::string sql_text(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return format_number(*d);
  return "";
}

}  // namespace learnloop
