// libpq implementation of the core's Database and Statement interfaces. Values go to the server as parameters
// (text, or binary for bytea), never spliced into SQL; results come back one row at a time in single-row mode, so
// a million-row window read is never held whole in libpq's memory. A statement still streaming when another one
// starts is drained into its own buffer first (one connection runs one query at a time).
#include "postgres_database.hpp"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>

namespace learnloop::native {
namespace {

constexpr const char* kConnectTimeoutSeconds = "10";
// Session settings as connection options (no SQL here): a writer waits at most 5 s for another's write
// transaction, as SQLite's busy timeout; floats come back as their shortest exact text.
constexpr const char* kSessionOptions = "-c lock_timeout=5000 -c extra_float_digits=1";

// libpq's OIDs of the built-in types whose text the backend converts (catalog/pg_type_d.h).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The password of a postgres:// URI ("" when it has none), to blank it out of libpq's messages too.
std::string uri_password(const std::string& target) {
  const std::size_t scheme = target.find("://");
  if (scheme == std::string::npos) return "";
  const std::size_t start = scheme + 3;
  const std::size_t end = target.find_first_of("/?", start);
  const std::string authority = target.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const std::size_t at = authority.rfind('@');
  if (at == std::string::npos) return "";
  const std::size_t colon = authority.find(':');
  return colon < at ? authority.substr(colon + 1, at - colon - 1) : "";
}

std::string without_password(std::string message, const std::string& password) {
  if (password.empty()) return message;
  for (std::size_t at = message.find(password); at != std::string::npos; at = message.find(password, at + 3))
    message.replace(at, password.size(), "***");
  return message;
}

class PgDatabase;

class PgStatement : public Statement {
 public:
  PgStatement(PgDatabase* db, std::string sql) : db_(db), sql_(std::move(sql)) {}
  ~PgStatement() override;
  Status bind(const std::vector<SqlValue>& values) override;
  Result<bool> step() override;
  std::vector<SqlValue> row() override { return current_; }
  void read_row(std::vector<SqlValue>& out) override { out = current_; }  // element-wise: strings keep capacity
  std::vector<std::string> column_names() override { return names_; }

  /// Reads the rest of this statement's results from the connection into its buffer.
  void drain();

 private:
  // Reads this statement's next result from the connection, its rows appended to buffered_ (after any rows a drain()
  // left there, so an interrupted read keeps its order): true when a result was read, false (or the statement's
  // error) at the end.
  Result<bool> read_result();
  Status send();

  PgDatabase* db_;
  std::string sql_;
  std::vector<SqlValue> params_;
  bool started_ = false, done_ = false;
  std::deque<std::vector<SqlValue>> buffered_;
  std::optional<Error> error_;
  std::vector<SqlValue> current_;
  std::vector<std::string> names_;
};

class PgDatabase : public Database {
 public:
  PgDatabase(PGconn* conn, std::string target) : conn_(conn), target_(std::move(target)) {}
  ~PgDatabase() override { PQfinish(conn_); }

  Status exec(const std::string& sql) override {
    finish_active();
    PGresult* r = PQexec(conn_, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) out = error(r);
    PQclear(r);
    return out;
  }

  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    return std::unique_ptr<Statement>(new PgStatement(this, render_sql(Dialect::kPostgres, sql)));
  }

  Status copy_in(const std::string& copy_sql, const std::string& csv_data) override {
    if (Status s = copy_begin(copy_sql); !s.ok()) return s;
    if (Status s = copy_data(csv_data); !s.ok()) {
      static_cast<void>(copy_end(true));
      return s;
    }
    return copy_end(false);
  }

  // The rows go to the server as they come (PQputCopyData blocks only when the socket is full), so the server
  // parses and inserts one part while the core checks the next.
  Status copy_begin(const std::string& copy_sql) override {
    finish_active();
    PGresult* r = PQexec(conn_, copy_sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) {
      Error e = error(r);
      PQclear(r);
      return e;
    }
    PQclear(r);
    return {};
  }

  Status copy_data(std::string_view data) override {
    if (data.empty()) return {};
    if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) return error(nullptr);
    return {};
  }

  Status copy_end(bool abort) override {
    if (PQputCopyEnd(conn_, abort ? "learnloop cancelled the COPY" : nullptr) != 1) return error(nullptr);
    Status out;
    PGresult* r;
    while ((r = PQgetResult(conn_)) != nullptr) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && out.ok()) out = error(r);
      PQclear(r);
    }
    if (abort && out.ok()) out = Error{ErrorCode::kInternal, "the COPY was cancelled"};
    return out;
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  PGconn* conn() { return conn_; }
  PgStatement* active = nullptr;  ///< the statement whose results the connection is still sending

  void finish_active() {
    if (active != nullptr) active->drain();
    active = nullptr;
  }

  /// The server's (or libpq's) error as the core's Error: bad values are invalid_argument, lock waits busy.
  Error error(const PGresult* r) const {
    const char* primary = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* column = r != nullptr ? PQresultErrorField(r, PG_DIAG_COLUMN_NAME) : nullptr;
    const char* detail = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    std::string message = trimmed(primary != nullptr ? primary : PQerrorMessage(conn_));
    if (column != nullptr) message = "column '" + std::string(column) + "': " + message;
    if (detail != nullptr) message += " (" + trimmed(detail) + ")";
    message = without_password(message, password_);
    if (PQstatus(conn_) == CONNECTION_BAD)
      return {ErrorCode::kInternal, "lost the connection to PostgreSQL at " + target_ + " (" + message +
                                        "): its open transaction was rolled back, nothing of it was written; rerun "
                                        "the command"};
    const std::string code = state != nullptr ? state : "";
    if (code == "55P03" || code == "40001" || code == "40P01")
      return {ErrorCode::kBusy, "database " + target_ +
                                    " is busy: another connection held its write lock for longer "
                                    "than the 5 s lock timeout (" +
                                    message + "); nothing was written, retry the call"};
    // Integrity constraints (23...) and values the server's types reject (22...): the input is wrong.
    if (code.rfind("23", 0) == 0 || code.rfind("22", 0) == 0) return {ErrorCode::kInvalidArgument, message};
    return {ErrorCode::kInternal, message};
  }

  /// Remembers the URI's password, so that messages can leave it out.
  void set_password(std::string password) { password_ = std::move(password); }
  /// The URI's password ("" when it has none).
  const std::string& password() const { return password_; }

 private:
  std::string password_;
  PGconn* conn_;
  std::string target_;
};

SqlValue value_at(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col) != 0) return std::monostate{};
  const char* text = PQgetvalue(r, row, col);
  switch (PQftype(r, col)) {
    case kInt8:
    case kInt2:
    case kInt4:
    case kOid:
      return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
    case kBool:
      return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
    case kFloat4:
    case kFloat8:
    case kNumeric:
      return std::strtod(text, nullptr);  // shortest exact text (extra_float_digits = 1), "Infinity" and "NaN" too
    case kBytea: {
      std::size_t n = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
      Blob b;
      if (bytes != nullptr) b.bytes.assign(bytes, bytes + n);
      PQfreemem(bytes);
      return b;
    }
    default:
      return std::string(text, static_cast<std::size_t>(PQgetlength(r, row, col)));
  }
}

PgStatement::~PgStatement() {
  if (db_->active == this) db_->finish_active();
}

Status PgStatement::bind(const std::vector<SqlValue>& values) {
  if (db_->active == this) db_->finish_active();
  params_ = values;
  started_ = done_ = false;
  buffered_.clear();
  error_.reset();
  return {};
}

Status PgStatement::send() {
  db_->finish_active();
  const std::size_t n = params_.size();
  std::vector<std::string> text(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0), formats(n, 0);
  std::vector<Oid> types(n, 0);  // 0: the server infers each parameter's type from the statement
  for (std::size_t i = 0; i < n; ++i) {
    const SqlValue& v = params_[i];
    if (const auto* x = std::get_if<std::int64_t>(&v)) {
      text[i] = std::to_string(*x);
    } else if (const auto* d = std::get_if<double>(&v)) {
      char buf[32];
      if (*d != *d) {
        text[i] = "NaN";
      } else if (*d > 1.7976931348623157e308 || *d < -1.7976931348623157e308) {
        text[i] = *d > 0 ? "Infinity" : "-Infinity";
      } else {
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        text[i] = buf;
      }
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      // libpq sends text parameters up to their first NUL: refuse instead of storing a cut value.
      if (s->find('\0') != std::string::npos)
        return invalid_argument("a text value holds a NUL character (U+0000), which PostgreSQL's text cannot store");
      text[i] = *s;
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      values[i] = reinterpret_cast<const char*>(b->bytes.data());
      lengths[i] = static_cast<int>(b->bytes.size());
      formats[i] = 1;
      types[i] = kBytea;
      continue;
    } else {
      continue;  // NULL
    }
    values[i] = text[i].c_str();
    lengths[i] = static_cast<int>(text[i].size());
  }
  if (PQsendQueryParams(db_->conn(), sql_.c_str(), static_cast<int>(n), types.data(), values.data(), lengths.data(),
                        formats.data(), 0) == 0)
    return db_->error(nullptr);
  // A failure to enter single-row mode only means rows arrive in one result; they are still all read.
  static_cast<void>(PQsetSingleRowMode(db_->conn()));
  db_->active = this;
  return {};
}

Result<bool> PgStatement::read_result() {
  PGresult* r = PQgetResult(db_->conn());
  if (r == nullptr) {
    done_ = true;
    if (db_->active == this) db_->active = nullptr;
    if (error_) {
      Error e = *error_;
      error_.reset();
      return e;
    }
    return false;
  }
  const ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
    if (names_.empty()) {
      for (int c = 0; c < PQnfields(r); ++c) names_.emplace_back(PQfname(r, c));
    }
    // One row in single-row mode; every row (or none: the end of a single-row result) otherwise.
    for (int t = 0; t < PQntuples(r); ++t) {
      std::vector<SqlValue> values;
      values.reserve(static_cast<std::size_t>(PQnfields(r)));
      for (int c = 0; c < PQnfields(r); ++c) values.push_back(value_at(r, t, c));
      buffered_.push_back(std::move(values));
    }
  } else if (st != PGRES_COMMAND_OK && !error_) {
    error_ = db_->error(r);
  }
  PQclear(r);
  return true;
}

void PgStatement::drain() {
  while (!done_) {
    Result<bool> more = read_result();
    if (!more.ok()) {
      error_ = more.error();
      done_ = true;
    }
  }
  if (db_->active == this) db_->active = nullptr;
}

Result<bool> PgStatement::step() {
  if (!started_) {
    started_ = true;
    if (Status s = send(); !s.ok()) {
      done_ = true;
      return s.error();
    }
  }
  for (;;) {
    if (!buffered_.empty()) {
      current_ = std::move(buffered_.front());
      buffered_.pop_front();
      return true;
    }
    if (done_) {
      if (!error_) return false;
      Error e = *error_;
      error_.reset();
      return e;
    }
    Result<bool> more = read_result();
    if (!more.ok()) return more.error();
  }
}

void ignore_notice(void*, const char*) {}

}  // namespace

bool is_postgres_target(const std::string& target) {
  return target.rfind("postgres://", 0) == 0 || target.rfind("postgresql://", 0) == 0 || target == "postgres:" ||
         target == "postgresql:";
}

Result<std::unique_ptr<Database>> open_postgres_database(const std::string& target) {
  const std::string uri = target == "postgres:" || target == "postgresql:" ? "postgresql://" : target;
  const std::string shown = redact_database_target(target);
  // Ours first: a connect_timeout in the URI (expanded from dbname, later in the list) overrides it, as does
  // PGCONNECT_TIMEOUT in the environment.
  std::vector<const char*> keys, values;
  if (std::getenv("PGCONNECT_TIMEOUT") == nullptr) {
    keys.push_back("connect_timeout");
    values.push_back(kConnectTimeoutSeconds);
  }
  keys.insert(keys.end(), {"application_name", "client_encoding", "options", "dbname", nullptr});
  values.insert(values.end(), {"learnloop", "UTF8", kSessionOptions, uri.c_str(), nullptr});
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
  auto db = std::make_unique<PgDatabase>(conn, shown);  // closes `conn` on every path from here
  db->set_password(uri_password(target));
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    const std::string why =
        conn == nullptr ? "out of memory" : without_password(trimmed(PQerrorMessage(conn)), db->password());
    return Error{ErrorCode::kInvalidArgument, "cannot connect to PostgreSQL at " + shown + ": " + why};
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace learnloop::native
