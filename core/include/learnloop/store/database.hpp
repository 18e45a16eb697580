// The one storage interface of the core: SQL text in, rows out. The native backends wrap libsqlite3 and
// libpq (native/store), the JS backend wraps @sqlite.org/sqlite-wasm (wasm/); every SQL statement and the
// schema live in the core (rendered per dialect by dialect.hpp), so every backend reads and writes the same rows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/store/dialect.hpp"

namespace learnloop {

/// A BLOB value: raw bytes.
struct Blob {
  std::vector<std::uint8_t> bytes;  ///< the bytes
  bool operator==(const Blob& other) const { return bytes == other.bytes; }
};

/// One SQL value: NULL, INTEGER, REAL, TEXT or BLOB, as SQLite stores them.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

/// True when `v` is SQL NULL.
inline bool is_null(const SqlValue& v) { return std::holds_alternative<std::monostate>(v); }

/// A prepared statement: bind parameters, step through rows, read columns.
class Statement {
 public:
  virtual ~Statement() = default;
  /// Binds `values` to parameters 1..n (clears earlier bindings and resets the statement).
  virtual Status bind(const std::vector<SqlValue>& values) = 0;
  /// Advances to the next row: true when a row is available, false when done.
  virtual Result<bool> step() = 0;
  /// The current row's values, one per result column.
  virtual std::vector<SqlValue> row() = 0;
  /// The current row's values into `out`, reusing its storage where the backend can (no allocation per row).
  virtual void read_row(std::vector<SqlValue>& out) { out = row(); }
  /// The names of the result columns.
  virtual std::vector<std::string> column_names() = 0;
};

/// A database connection. Implementations report SQL errors as Status with the SQLite message.
class Database {
 public:
  virtual ~Database() = default;
  /// Runs one or more statements that return no rows (DDL, BEGIN, COMMIT ...).
  virtual Status exec(const std::string& sql) = 0;
  /// Prepares one statement.
  virtual Result<std::unique_ptr<Statement>> prepare(const std::string& sql) = 0;
  /// Makes all committed work durable where the backend buffers it (the Node backend saves its file).
  virtual Status flush() { return {}; }
  /// Ok when the connection can write; else why not (e.g. a read-only file), checked before every write transaction.
  virtual Status check_writable() { return {}; }
  /// Runs `copy_sql` (a COPY ... FROM STDIN the core rendered) with `csv_data` as its input; backends without
  /// COPY refuse (the core only calls it on PostgreSQL).
  virtual Status copy_in(const std::string& copy_sql, const std::string& csv_data) {
    static_cast<void>(copy_sql);
    static_cast<void>(csv_data);
    return Error{ErrorCode::kInternal, "this database backend has no COPY"};
  }
  /// Starts `copy_sql` (a COPY ... FROM STDIN); its input follows in copy_data() calls and copy_end() ends it. No
  /// other statement may run meanwhile. Default: the input is kept and handed to copy_in() whole by copy_end().
  virtual Status copy_begin(const std::string& copy_sql) {
    copy_sql_ = copy_sql;
    copy_buffer_.clear();
    return {};
  }
  /// Sends more input of the COPY copy_begin() started (CSV rows, each ending in a newline).
  virtual Status copy_data(std::string_view data) {
    copy_buffer_.append(data);
    return {};
  }
  /// Ends the COPY: the server's answer, or (`abort`) cancels it so none of its rows are written (an error).
  virtual Status copy_end(bool abort) {
    std::string data = std::move(copy_buffer_);
    copy_buffer_.clear();
    if (abort) return Error{ErrorCode::kInternal, "the COPY was cancelled"};
    return copy_in(copy_sql_, data);
  }
  /// The SQL dialect this connection speaks (the core renders its statements for it).
  virtual Dialect dialect() const { return Dialect::kSqlite; }
  /// True when each statement call and each row stepped crosses into another runtime (the JS adapters), so fewer,
  /// wider calls are cheaper: the core then writes multi-row INSERTs and joins the window's content in its SQL.
  virtual bool prefers_fewer_wider_calls() const { return false; }

 private:
  std::string copy_sql_;     // the default copy_begin()'s statement
  std::string copy_buffer_;  // the default copy_data()'s input so far
};

/// All rows of `sql` with `params`, each a vector of values.
Result<std::vector<std::vector<SqlValue>>> query_rows(Database& db, const std::string& sql,
                                                      const std::vector<SqlValue>& params = {});

/// Runs `sql` with `params` to completion (an INSERT, UPDATE or DELETE).
Status run_statement(Database& db, const std::string& sql, const std::vector<SqlValue>& params = {});

/// A write transaction holding the database's write lock (SQLite: IMMEDIATE) that rolls back unless commit() succeeded;
/// refused up front on a read-only connection.
class Transaction {
 public:
  /// Begins the transaction; check status() before using it.
  explicit Transaction(Database& db);
  /// Rolls back when not committed.
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  /// Whether BEGIN succeeded.
  const Status& status() const { return begin_; }
  /// Commits; after a failure the destructor rolls back.
  Status commit();

 private:
  Database& db_;
  Status begin_;
  bool done_ = false;
};

/// A read transaction: every query until it ends sees one consistent snapshot of the database (SQLite: a
/// deferred BEGIN, whose snapshot starts at the first read; in WAL mode writers go on meanwhile; PostgreSQL:
/// REPEATABLE READ). Ends on
/// destruction or end(); it never writes, so ending it cannot lose work.
class ReadTransaction {
 public:
  /// Begins the transaction; check status() before relying on the snapshot.
  explicit ReadTransaction(Database& db);
  /// Ends the transaction when end() was not called.
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  /// Whether BEGIN succeeded.
  const Status& status() const { return begin_; }
  /// Ends the transaction, releasing the snapshot (and, without WAL, the shared lock that holds writers off).
  Status end();

 private:
  Database& db_;
  Status begin_;
  bool done_ = false;
};

/// The value as a double (INTEGER or REAL); NULL and text give `fallback`.
double sql_number(const SqlValue& v, double fallback = 0);

/// The value as text: TEXT as is, numbers formatted, NULL as "".
std::string sql_text(const SqlValue& v);

}  // namespace learnloop
