// What the store suites (store_test.cpp, learn_concurrency_test.cpp) share: fresh database files in
// a scratch folder, the golden history ingested, a whole-database dump and the learning options.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "learnloop/pipelines/demo_history.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop::store_support {

/// A database path in the suites' scratch folder, with any earlier file (and its -wal, -shm) removed.
inline std::string temp_db(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-store-test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path p = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

/// A new database file at temp_db(name), migrated to the latest schema.
inline std::unique_ptr<Database> open_fresh(const std::string& name) {
  Result<std::unique_ptr<Database>> db = native::open_sqlite_database(temp_db(name), true);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  std::unique_ptr<Database> out = std::move(db).value();
  EXPECT_TRUE(migrate_schema(*out).ok());
  return out;
}

/// The text of a file under tests/golden.
inline std::string read_text(const std::string& relative) {
  std::ifstream in(std::string(LEARNLOOP_GOLDEN_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Ingests the golden store history (tests/golden/store/*.csv).
inline void ingest_golden(Database& db) {
  for (const char* table : {"content_metadata", "outcomes", "retention_metrics"}) {
    IngestOptions options;
    options.table = table;
    Result<IngestResult> r = ingest_text(db, read_text(std::string("store/") + table + ".csv"), options, nullptr);
    ASSERT_TRUE(r.ok()) << table << ": " << r.error().message;
  }
}

/// Every row of every table, in a stable order: equal dumps mean equal databases.
inline std::string dump(Database& db) {
  std::string out;
  Result<std::vector<std::vector<SqlValue>>> tables =
      query_rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  for (const auto& t : tables.value()) {
    const std::string name = sql_text(t[0]);
    Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "SELECT * FROM \"" + name + "\" ORDER BY 1, 2");
    out += "[" + name + "]\n";
    for (const auto& r : rows.value()) {
      for (const SqlValue& v : r) out += (is_null(v) ? std::string("NULL") : sql_text(v)) + "|";
      out += "\n";
    }
  }
  return out;
}

/// Calls `action` once, when the job reports that its snapshot is read and it starts computing (step 1).
class WhileComputing : public ProgressSink {
 public:
  /// Runs `action` at the job's step 1.
  explicit WhileComputing(std::function<void()> action) : action_(std::move(action)) {}
  /// The job's progress: step 1 runs the action, once.
  void on_progress(const std::string& /*label*/, std::uint64_t done, std::uint64_t /*total*/) override {
    if (done == 1 && action_) std::exchange(action_, nullptr)();
  }

 private:
  std::function<void()> action_;
};

/// Writes the seeded demo history of `days` days ending `end_date` (`posts_per_day` posts a day, 8-dim captions).
inline void add_demo_history(Database& db, const std::string& end_date, int days, int posts_per_day) {
  DemoSpec spec;
  spec.end_date = end_date;
  spec.days = days;
  spec.posts_per_day = posts_per_day;
  spec.embedding_dim = 8;
  Result<DemoCounts> made = generate_demo_history(db, spec, nullptr);
  EXPECT_TRUE(made.ok()) << made.error().message;
}

/// Options to learn `date`, with today fixed after the golden history.
inline LearnOptions learn_on(const std::string& date) {
  LearnOptions o;
  o.date = date;
  o.today = "2026-11-23";
  return o;
}

}  // namespace learnloop::store_support
