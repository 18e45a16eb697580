// libsqlite3 implementation of the core's Database and Statement interfaces.
#include "sqlite_database.hpp"

#include <sqlite3.h>

#include <filesystem>

namespace learnloop::native {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Why a connection to `path` cannot write, for a read-only file, folder or file system.
Error read_only_error(const std::string& path) {
  return {ErrorCode::kInvalidArgument, "database '" + path +
                                           "' is read-only: this command writes to it (check the permissions of "
                                           "the file, its folder and its -wal and -shm files)"};
}

// SQLite's message as is (the JS backend reports the same text); a failed constraint is bad input, and so is a
// write to a read-only file.
Error sqlite_error(sqlite3* db) {
  const int code = sqlite3_extended_errcode(db) & 0xff;
  if (code == SQLITE_READONLY) return read_only_error(sqlite3_db_filename(db, "main"));
  // The same words as the Node backends (wasm/ts/node_sqlite_failure.ts), code busy: a runtime failure to retry.
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    return {ErrorCode::kBusy, "database '" + std::string(sqlite3_db_filename(db, "main")) +
                                  "' is busy: another process held its lock for longer than the " +
                                  std::to_string(kBusyTimeoutMs) + " ms busy timeout (" + sqlite3_errmsg(db) +
                                  "); nothing was written, retry the call"};
  const ErrorCode ours = code == SQLITE_CONSTRAINT ? ErrorCode::kInvalidArgument : ErrorCode::kInternal;
  return {ours, sqlite3_errmsg(db)};
}

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  Status bind(const std::vector<SqlValue>& values) override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (static_cast<int>(values.size()) != sqlite3_bind_parameter_count(stmt_))
      return Error{ErrorCode::kInternal, "statement takes " + std::to_string(sqlite3_bind_parameter_count(stmt_)) +
                                             " parameters, got " + std::to_string(values.size())};
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      const SqlValue& v = values[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<std::int64_t>(&v))
        rc = sqlite3_bind_int64(stmt_, at, *n);
      else if (const auto* d = std::get_if<double>(&v))
        rc = sqlite3_bind_double(stmt_, at, *d);
      else if (const auto* s = std::get_if<std::string>(&v))
        rc = sqlite3_bind_text(stmt_, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else if (const auto* b = std::get_if<Blob>(&v))
        rc = sqlite3_bind_blob(stmt_, at, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
      else
        rc = sqlite3_bind_null(stmt_, at);
      if (rc != SQLITE_OK) return sqlite_error(db_);
    }
    return {};
  }

  Result<bool> step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = sqlite_error(db_);
    sqlite3_reset(stmt_);
    return e;
  }

  std::vector<SqlValue> row() override {
    std::vector<SqlValue> out;
    read_row(out);
    return out;
  }

  void read_row(std::vector<SqlValue>& out) override {
    const int n = sqlite3_column_count(stmt_);
    out.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      SqlValue& v = out[static_cast<std::size_t>(i)];
      // One column call per value, then the value's own accessors: each sqlite3_column_* call checks the statement
      // and its malloc state again (two or three calls per value took 12% of the window read's thread). SQLite calls
      // this value unprotected: safe here, as a connection is only ever used by one thread at a time.
      sqlite3_value* value = sqlite3_column_value(stmt_, i);
      switch (sqlite3_value_type(value)) {
        case SQLITE_INTEGER:
          v = static_cast<std::int64_t>(sqlite3_value_int64(value));
          break;
        case SQLITE_FLOAT:
          v = sqlite3_value_double(value);
          break;
        case SQLITE_TEXT: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(value));
          const auto size = static_cast<std::size_t>(sqlite3_value_bytes(value));
          if (auto* s = std::get_if<std::string>(&v)) {
            s->assign(p, size);  // the previous row's string keeps its capacity
          } else {
            v = std::string(p, size);
          }
          break;
        }
        case SQLITE_BLOB: {
          const auto* p = static_cast<const std::uint8_t*>(sqlite3_value_blob(value));
          Blob b;
          b.bytes.assign(p, p + sqlite3_value_bytes(value));
          v = std::move(b);
          break;
        }
        default:
          v = std::monostate{};
      }
    }
  }

  std::vector<std::string> column_names() override {
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(sqlite3_column_count(stmt_)));
    for (int i = 0; i < sqlite3_column_count(stmt_); ++i) names.emplace_back(sqlite3_column_name(stmt_, i));
    return names;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  Status exec(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return {};
    Error e = sqlite_error(db_);
    sqlite3_free(message);
    return e;
  }

  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
      return sqlite_error(db_);
    return std::unique_ptr<Statement>(new SqliteStatement(db_, stmt));
  }

  Status check_writable() override {
    if (sqlite3_db_readonly(db_, "main") == 1) return read_only_error(path_);
    return {};
  }

 private:
  sqlite3* db_;
  std::string path_;
};

// A file: URI naming `path`, with the bytes a URI reads as syntax percent-encoded.
std::string file_uri(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '%' || c == '?' || c == '#' || c <= 0x20 || c >= 0x7F) {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    } else {
      uri += ch;
    }
  }
  return uri;
}

// True when `path`-wal holds frames a reader must not skip (a writer was killed before its checkpoint).
bool has_pending_wal(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path + "-wal", ec);
  return !ec && size > 0;
}

// A read-only connection to a WAL database in a folder this process cannot write: SQLite cannot create the
// -shm file it reads through, so the file is opened immutable. No one can be writing it (a writer would need
// that folder too), unless a write-ahead log was left behind, which only a writer can fold back in.
Result<std::unique_ptr<Database>> open_immutable(const std::string& path) {
  if (has_pending_wal(path))
    return Error{ErrorCode::kInvalidArgument, "cannot open database '" + path +
                                                  "': it is read-only and has an unfinished write-ahead log (" + path +
                                                  "-wal); open it once with write access to fold it in"};
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2((file_uri(path) + "?immutable=1").c_str(), &db,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  auto out = std::unique_ptr<Database>(new SqliteDatabase(db, path));  // closes `db` on every path from here
  if (rc != SQLITE_OK || sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK)
    return Error{ErrorCode::kInvalidArgument, "cannot open database '" + path + "': " + sqlite3_errmsg(db)};
  return out;
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite_database(const std::string& path, bool create) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Error{ErrorCode::kInvalidArgument,
                 "cannot open database '" + path + "': it is a folder; expected a SQLite database file"};
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = rc == SQLITE_CANTOPEN && !create
                                ? "no such database (create it with 'learnloop init --db " + path + "')"
                                : std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Error{ErrorCode::kNotFound, "cannot open database '" + path + "': " + why};
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto out = std::unique_ptr<Database>(new SqliteDatabase(db, path));  // closes `db` on every path from here
  // A file that is not a database fails here, at its first read.
  if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const int code = sqlite3_extended_errcode(db) & 0xff;
    if (sqlite3_db_readonly(db, "main") == 1 && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
      out.reset();
      return open_immutable(path);
    }
    return Error{ErrorCode::kInvalidArgument, "cannot open database '" + path + "': " + sqlite3_errmsg(db)};
  }
  // A read-only file (or folder) is opened for reading as it is: the commands that only read work, and a write
  // transaction is refused up front (check_writable). Otherwise WAL lets readers work while the nightly job writes.
  if (sqlite3_db_readonly(db, "main") == 1) return out;
  if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr) != SQLITE_OK)
    return Error{ErrorCode::kInvalidArgument, "cannot open database '" + path + "': " + sqlite3_errmsg(db)};
  if (Status s = out->exec("PRAGMA synchronous = NORMAL"); !s.ok()) return s.error();
  return out;
}

}  // namespace learnloop::native
