// Calls from the core into the JS SQLite adapter: one call per bind, step and row.
#include "js_database.hpp"

#include <emscripten/bind.h>

namespace learnloop::wasm {
namespace {

using emscripten::val;

// SQLite's fundamental type codes, as the adapter reports them.
enum SqliteType { kInteger = 1, kFloat = 2, kText = 3, kBlob = 4, kNull = 5 };

Status from_js(const val& result) {
  if (result.isUndefined() || result.isNull() || !result["error"].isString()) return {};
  const bool constraint = result["constraint"].isTrue();  // a CHECK, UNIQUE or NOT NULL rejected the row
  return Error{constraint ? ErrorCode::kInvalidArgument : ErrorCode::kInternal, result["error"].as<std::string>()};
}

val to_js(const SqlValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return val(static_cast<double>(*i));
  if (const auto* d = std::get_if<double>(&v)) return val(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return val(*s);
  if (const auto* b = std::get_if<Blob>(&v))
    return val::global("Uint8Array").new_(emscripten::typed_memory_view(b->bytes.size(), b->bytes.data()));
  return val::null();
}

class JsStatement : public Statement {
 public:
  explicit JsStatement(val stmt) : stmt_(std::move(stmt)) {}
  ~JsStatement() override { stmt_.call<void>("finalize"); }

  Status bind(const std::vector<SqlValue>& values) override {
    val params = val::array();
    for (const SqlValue& v : values) params.call<void>("push", to_js(v));
    return from_js(stmt_.call<val>("bind", params));
  }

  Result<bool> step() override {
    val r = stmt_.call<val>("step");
    if (r.isTrue()) return true;
    if (r.isFalse()) return false;
    return from_js(r).error();
  }

  std::vector<SqlValue> row() override {
    const val flat = stmt_.call<val>("row");  // [type0, value0, type1, value1, ...]
    const std::size_t n = flat["length"].as<std::size_t>() / 2;
    std::vector<SqlValue> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const val v = flat[2 * i + 1];
      switch (flat[2 * i].as<int>()) {
        case kInteger: out.emplace_back(static_cast<std::int64_t>(v.as<double>())); break;
        case kFloat: out.emplace_back(v.as<double>()); break;
        case kText: out.emplace_back(v.as<std::string>()); break;
        case kBlob: out.emplace_back(Blob{emscripten::convertJSArrayToNumberVector<std::uint8_t>(v)}); break;
        default: out.emplace_back(std::monostate{});
      }
    }
    return out;
  }

  std::vector<std::string> column_names() override {
    return emscripten::vecFromJSArray<std::string>(stmt_.call<val>("columnNames"));
  }

 private:
  val stmt_;
};

class JsDatabase : public Database {
 public:
  explicit JsDatabase(val db) : db_(std::move(db)) {}

  Status exec(const std::string& sql) override { return from_js(db_.call<val>("exec", sql)); }

  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    val r = db_.call<val>("prepare", sql);
    if (Status s = from_js(r); !s.ok()) return s.error();
    return std::unique_ptr<Statement>(new JsStatement(std::move(r)));
  }

  Status flush() override { return from_js(db_.call<val>("flush")); }

 private:
  val db_;
};

}  // namespace

std::unique_ptr<Database> make_js_database(emscripten::val db) { return std::unique_ptr<Database>(new JsDatabase(std::move(db))); }

}  // namespace learnloop::wasm
