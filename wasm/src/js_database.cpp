// Calls from the core into a JS SQLite adapter (sqlite-wasm in memory, or node:sqlite over a file): parameters go over
// encoded in one byte buffer per bind, rows come back in batches (one call and one buffer for up to kBatchRows rows,
// decoded here), instead of one call per value.
#include "js_database.hpp"

#include <emscripten/bind.h>

#include <cstring>
#include <initializer_list>
#include <utility>

namespace learnloop::wasm {
namespace {

using emscripten::val;

// SQLite's fundamental type codes, as the adapter reports them (wasm/ts/byte_protocol.ts SQLITE_TYPE).
enum SqliteType { kInteger = 1, kFloat = 2, kText = 3, kBlob = 4, kNull = 5 };

// How a batch of rows ends (wasm/ts/byte_protocol.ts BATCH; byte_protocol_codes() exports these).
enum BatchEnd { kMore = 0, kDone = 1, kFailed = 2 };

// Rows per adapter call for statements that only read (one for statements that write).
constexpr int kBatchRows = 512;

// Little-endian reads from a batch; the adapter wrote it, so the layout is trusted.
template <typename T>
T read_at(const std::vector<std::uint8_t>& bytes, std::size_t& at) {
  T v;
  std::memcpy(&v, bytes.data() + at, sizeof(T));
  at += sizeof(T);
  return v;
}

// Where the next row starts after the row at `at` with `columns` values.
std::size_t skip_row(const std::vector<std::uint8_t>& bytes, std::size_t at, std::size_t columns) {
  for (std::size_t i = 0; i < columns; ++i) {
    const std::uint8_t type = bytes[at++];
    if (type == kInteger || type == kFloat)
      at += 8;
    else if (type == kText || type == kBlob) {
      const std::uint32_t n = read_at<std::uint32_t>(bytes, at);
      at += n;
    }
  }
  return at;
}

Status from_js(const val& result) {
  if (result.isUndefined() || result.isNull() || !result["error"].isString()) return {};
  // A CHECK, UNIQUE or NOT NULL rejected the row: bad input. Busy: another process held the lock past the
  // timeout (or changed the file under an in-memory copy). Read-only: a write to a file this process cannot write.
  ErrorCode code = ErrorCode::kInternal;
  if (result["constraint"].isTrue() || result["readOnly"].isTrue())
    code = ErrorCode::kInvalidArgument;
  else if (result["busy"].isTrue())
    code = ErrorCode::kBusy;
  return Error{code, result["error"].as<std::string>()};
}

// Tags of the bind buffer (wasm/ts/byte_protocol.ts BIND): a double goes over as f64, an int64 as i64 (exactly,
// past 2^53).
enum BindTag : std::uint8_t { kBindNull = 0, kBindNumber = 1, kBindInteger = 2, kBindText = 3, kBindBlob = 4 };

template <typename T>
void append(std::vector<std::uint8_t>& out, T v) {
  const std::size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &v, sizeof(T));
}

void append_bytes(std::vector<std::uint8_t>& out, BindTag tag, const std::uint8_t* data, std::size_t n) {
  out.push_back(tag);
  append(out, static_cast<std::uint32_t>(n));
  out.insert(out.end(), data, data + n);
}

// u32 count, then per value its tag and payload, little-endian (wasm is).
std::vector<std::uint8_t> encode_params(const std::vector<SqlValue>& values) {
  std::vector<std::uint8_t> out;
  append(out, static_cast<std::uint32_t>(values.size()));
  for (const SqlValue& v : values) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      out.push_back(kBindInteger);
      append(out, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      out.push_back(kBindNumber);
      append(out, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      append_bytes(out, kBindText, reinterpret_cast<const std::uint8_t*>(s->data()), s->size());
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      append_bytes(out, kBindBlob, b->bytes.data(), b->bytes.size());
    } else {
      out.push_back(kBindNull);
    }
  }
  return out;
}

class JsStatement : public Statement {
 public:
  explicit JsStatement(val stmt) : stmt_(std::move(stmt)) {}
  ~JsStatement() override { stmt_.call<void>("finalize"); }

  Status bind(const std::vector<SqlValue>& values) override {
    clear_batch();
    const std::vector<std::uint8_t> params = encode_params(values);
    return from_js(stmt_.call<val>("bindEncoded", val(emscripten::typed_memory_view(params.size(), params.data()))));
  }

  Result<bool> step() override {
    if (row_ + 1 < rows_.size()) {
      ++row_;
      return true;
    }
    if (end_ == kMore) {
      fetch();
      if (!rows_.empty()) return true;
    }
    const int end = end_;
    clear_batch();  // a later step() asks the adapter again, as sqlite3_step would
    if (end == kFailed) {
      Status s = from_js(stmt_.call<val>("failure"));
      return s.ok() ? Error{ErrorCode::kInternal, "the SQLite adapter failed without a message"} : s.error();
    }
    return false;
  }

  std::vector<SqlValue> row() override {
    std::vector<SqlValue> out;
    if (row_ >= rows_.size()) return out;
    out.reserve(columns_);
    std::size_t at = rows_[row_];
    for (std::size_t i = 0; i < columns_; ++i) {
      switch (batch_[at++]) {
        case kInteger:
          out.emplace_back(read_at<std::int64_t>(batch_, at));
          break;
        case kFloat:
          out.emplace_back(read_at<double>(batch_, at));
          break;
        case kText: {
          const std::uint32_t n = read_at<std::uint32_t>(batch_, at);
          out.emplace_back(std::string(reinterpret_cast<const char*>(batch_.data() + at), n));
          at += n;
          break;
        }
        case kBlob: {
          const std::uint32_t n = read_at<std::uint32_t>(batch_, at);
          out.emplace_back(Blob{std::vector<std::uint8_t>(batch_.begin() + static_cast<std::ptrdiff_t>(at),
                                                          batch_.begin() + static_cast<std::ptrdiff_t>(at + n))});
          at += n;
          break;
        }
        default:
          out.emplace_back(std::monostate{});
      }
    }
    return out;
  }

  std::vector<std::string> column_names() override {
    return emscripten::vecFromJSArray<std::string>(stmt_.call<val>("columnNames"));
  }

 private:
  // Asks the adapter for the next rows; row_ is the first of them.
  void fetch() {
    batch_ = emscripten::convertJSArrayToNumberVector<std::uint8_t>(stmt_.call<val>("fetchRows", kBatchRows));
    std::size_t at = 0;
    const std::uint32_t rows = read_at<std::uint32_t>(batch_, at);
    columns_ = read_at<std::uint32_t>(batch_, at);
    end_ = batch_[at++];
    rows_.clear();
    for (std::uint32_t r = 0; r < rows; ++r) {
      rows_.push_back(at);
      at = skip_row(batch_, at, columns_);
    }
    row_ = 0;
  }

  void clear_batch() {
    batch_.clear();
    rows_.clear();
    row_ = 0;
    end_ = kMore;
  }

  val stmt_;
  std::vector<std::uint8_t> batch_;  // the adapter's last batch
  std::vector<std::size_t> rows_;    // where each of its rows starts
  std::size_t row_ = 0;              // the current row
  std::size_t columns_ = 0;
  int end_ = kMore;  // how the batch ended
};

class JsDatabase : public Database {
 public:
  // An adapter whose `dialect` is "postgres" (wasm/ts/postgres_worker_adapter.ts) speaks PostgreSQL; the others SQLite.
  explicit JsDatabase(val db)
      : db_(std::move(db)),
        dialect_(db_["dialect"].isString() && db_["dialect"].as<std::string>() == "postgres" ? Dialect::kPostgres
                                                                                             : Dialect::kSqlite) {}

  Status exec(const std::string& sql) override { return from_js(db_.call<val>("exec", sql)); }

  // Statements are rendered for the adapter's dialect here, as the libpq backend does ('?' becomes $n).
  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    val r = db_.call<val>("prepare", render_sql(dialect_, sql));
    if (Status s = from_js(r); !s.ok()) return s.error();
    return std::unique_ptr<Statement>(new JsStatement(std::move(r)));
  }

  Status flush() override { return from_js(db_.call<val>("flush")); }

  // Adapters over a file that may be read-only (node:sqlite) say why they cannot write; the others can.
  Status check_writable() override {
    if (db_["checkWritable"].isUndefined()) return {};
    return from_js(db_.call<val>("checkWritable"));
  }

  // Adapters with copyIn (the PostgreSQL worker adapter) load the rows in one statement; the others keep Database's
  // refusal, and the core's ingest falls back to its row-by-row inserts.
  Status copy_in(const std::string& copy_sql, const std::string& csv_data) override {
    if (db_["copyIn"].isUndefined()) return Database::copy_in(copy_sql, csv_data);
    return from_js(db_.call<val>("copyIn", copy_sql, csv_data));
  }

  Dialect dialect() const override { return dialect_; }

  // Each statement and each batch of rows is a call out to JS, and each value is built again on the other side.
  bool prefers_fewer_wider_calls() const override { return true; }

 private:
  val db_;
  Dialect dialect_;
};

}  // namespace

emscripten::val byte_protocol_codes() {
  const auto object = [](std::initializer_list<std::pair<const char*, int>> entries) {
    val out = val::object();
    for (const auto& [name, code] : entries) out.set(name, code);
    return out;
  };
  val codes = val::object();
  codes.set("batch", object({{"more", kMore}, {"done", kDone}, {"failed", kFailed}}));
  codes.set("bind", object({{"null", kBindNull},
                            {"number", kBindNumber},
                            {"integer", kBindInteger},
                            {"text", kBindText},
                            {"blob", kBindBlob}}));
  codes.set("sqliteType",
            object({{"integer", kInteger}, {"float", kFloat}, {"text", kText}, {"blob", kBlob}, {"null", kNull}}));
  return codes;
}

std::unique_ptr<Database> make_js_database(emscripten::val db) {
  return std::unique_ptr<Database>(new JsDatabase(std::move(db)));
}

}  // namespace learnloop::wasm
