// RowBatch, the store's batched INSERT for rows written in a loop: on PostgreSQL (multi-row statements, several full
// batches and a partial one) it writes the same rows, in the same order, as on SQLite (one statement per row),
// NULLs, JSON text, quotes and shortest-exact doubles included; a bad row fails the batch with PostgreSQL's message.
// On SQLite behind a connection that asks for many rows per INSERT (as the JS adapters do) it writes the same rows in
// one statement per batch, never more parameters per statement than the oldest SQLite allows.
#include <gtest/gtest.h>

#include "learnloop/store/row_batch.hpp"
#include "learnloop/store/schema.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using namespace pg_support;     // NOLINT(google-build-using-namespace): the suite's shared fixtures
using namespace store_support;  // NOLINT(google-build-using-namespace): the SQLite side's fixtures

const std::vector<std::string> kColumns = {"content_id", "overall_score", "retention_score",
                                           "factors",    "strengths",     "computed_at"};

// Row i of the test rows: every seventh score NULL, JSON and text with quotes, doubles of 17 significant digits.
std::vector<SqlValue> test_row(std::size_t i) {
  const double score = 1.0 / static_cast<double>(i + 3);
  return {"c'" + std::to_string(i) + "\"", i % 7 == 0 ? SqlValue{} : SqlValue{score},
          SqlValue{-score * 1e-300},       "{\"rank\": " + std::to_string(i) + ", \"note\": \"it's \\\"ok\\\"\"}",
          i % 5 == 0 ? SqlValue{} : "[]",  "2026-11-22"};
}

// The rows as written, in storage order (SQLite: rowid; PostgreSQL: the heap's order of a fresh table).
std::vector<std::string> stored_rows(Database& db, bool pg) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, std::string("SELECT content_id, overall_score, retention_score, factors, strengths, computed_at "
                                 "FROM meta_learning_scores ORDER BY ") +
                         (pg ? "ctid" : "rowid"));
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  std::vector<std::string> out;
  if (!rows.ok()) return out;
  for (const std::vector<SqlValue>& r : rows.value()) {
    std::string line;
    for (const SqlValue& v : r) {
      char buf[40];
      if (const auto* d = std::get_if<double>(&v)) std::snprintf(buf, sizeof buf, "%.17g", *d);
      line += (is_null(v) ? "NULL" : std::holds_alternative<double>(v) ? std::string(buf) : sql_text(v)) + "|";
    }
    out.push_back(line);
  }
  return out;
}

Status write_rows(Database& db, std::size_t n) {
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  RowBatch batch(db, "meta_learning_scores", kColumns);
  for (std::size_t i = 0; i < n; ++i) {
    if (Status s = batch.add(test_row(i)); !s.ok()) return s;
  }
  if (Status s = batch.finish(); !s.ok()) return s;
  return tx.commit();
}

// Queues `good` rows and a row whose factors are not JSON in one transaction, left uncommitted: what finish() says.
Status finish_with_a_bad_row(Database& db, std::size_t good) {
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  RowBatch batch(db, "meta_learning_scores", kColumns);
  for (std::size_t i = 0; i < good; ++i) {
    if (Status s = batch.add(test_row(i)); !s.ok()) return s;
  }
  std::vector<SqlValue> bad = test_row(good);
  bad[3] = std::string("{not json");
  if (Status s = batch.add(bad); !s.ok()) return s;  // queued: the database sees it at finish()
  return batch.finish();
}

// A SQLite connection that prefers fewer, wider calls, as the JS adapters do, counting the statements stepped.
class ManyRowsPerInsert : public Database {
 public:
  explicit ManyRowsPerInsert(Database& db) : db_(db) {}
  Status exec(const std::string& sql) override { return db_.exec(sql); }
  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    Result<std::unique_ptr<Statement>> inner = db_.prepare(sql);
    if (!inner.ok()) return inner.error();
    return std::unique_ptr<Statement>(new Counted(std::move(inner).value(), &steps));
  }
  bool prefers_fewer_wider_calls() const override { return true; }

  std::size_t steps = 0;  // statements stepped

 private:
  // A statement whose steps are counted.
  class Counted : public Statement {
   public:
    Counted(std::unique_ptr<Statement> inner, std::size_t* steps) : inner_(std::move(inner)), steps_(steps) {}
    Status bind(const std::vector<SqlValue>& values) override { return inner_->bind(values); }
    Result<bool> step() override {
      ++*steps_;
      return inner_->step();
    }
    std::vector<SqlValue> row() override { return inner_->row(); }
    std::vector<std::string> column_names() override { return inner_->column_names(); }

   private:
    std::unique_ptr<Statement> inner_;
    std::size_t* steps_;
  };

  Database& db_;
};

TEST(RowBatch, ManyRowsPerSqliteInsertWriteTheSameRowsInOneStatementABatch) {
  const std::size_t n = 2 * RowBatch::kWideSqliteRows + 5;
  auto plain = open_fresh("row_batch_plain");
  ASSERT_TRUE(write_rows(*plain, n).ok());
  const std::vector<std::string> expected = stored_rows(*plain, false);
  ASSERT_EQ(expected.size(), n);
  auto lite = open_fresh("row_batch_many");
  ManyRowsPerInsert many(*lite);
  ASSERT_TRUE(write_rows(many, n).ok());
  EXPECT_EQ(many.steps, 3U);  // two full batches and a partial one (BEGIN and COMMIT go through exec())
  EXPECT_EQ(stored_rows(*lite, false), expected);
}

TEST(RowBatch, AManyRowsSqliteInsertHoldsAtMost999ParametersAndABadRowFailsIt) {
  // A table of 20 columns: 64 rows would take 1,280 parameters, so a statement carries 49 rows.
  auto lite = open_fresh("row_batch_cap");
  std::vector<std::string> columns;
  std::string create = "CREATE TABLE wide (";
  for (int c = 0; c < 20; ++c) {
    columns.push_back("c" + std::to_string(c));
    create += (c == 0 ? "" : ", ") + columns.back() + " INTEGER";
  }
  ASSERT_TRUE(lite->exec(create + ")").ok());
  ManyRowsPerInsert many(*lite);
  const std::size_t per_statement = RowBatch::kMostSqliteParameters / columns.size();
  ASSERT_LT(per_statement, RowBatch::kWideSqliteRows);
  {
    Transaction tx(many);
    ASSERT_TRUE(tx.status().ok());
    RowBatch batch(many, "wide", columns);
    for (std::size_t r = 0; r < 2 * per_statement + 1; ++r)
      ASSERT_TRUE(batch.add(std::vector<SqlValue>(columns.size(), SqlValue{static_cast<double>(r)})).ok());
    ASSERT_TRUE(batch.finish().ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  EXPECT_EQ(many.steps, 3U);  // 49, 49 and 1 rows
  EXPECT_EQ(sql_number(query_rows(*lite, "SELECT count(*) FROM wide").value()[0][0]), 2.0 * per_statement + 1);
  auto bad_db = open_fresh("row_batch_bad_sqlite");
  ManyRowsPerInsert bad_many(*bad_db);
  Status s = finish_with_a_bad_row(bad_many, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("CHECK constraint failed"), std::string::npos) << s.error().message;
  EXPECT_TRUE(stored_rows(*bad_db, false).empty());
}

TEST(RowBatchSql, ListsTheRowsPlaceholdersInOrder) {
  EXPECT_EQ(multi_row_insert_sql("t", {"a", "b"}, 3), "INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?), (?, ?), (?, ?)");
  EXPECT_EQ(render_sql(Dialect::kPostgres, multi_row_insert_sql("t", {"a", "b"}, 2)),
            "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2), ($3, $4)");
}

TEST(PostgresRowBatch, WritesTheSameRowsInTheSameOrderAsSqlite) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::size_t n = 2 * RowBatch::kMaxRowsPerStatement + 345;  // two full batches and a partial one
  auto lite = open_fresh("row_batch");
  ASSERT_TRUE(write_rows(*lite, n).ok());
  const std::string uri = fresh_database("ll_row_batch");
  std::unique_ptr<Database> pg = connect(uri);
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(migrate_schema(*pg).ok());
  Status written = write_rows(*pg, n);
  ASSERT_TRUE(written.ok()) << written.error().message;
  const std::vector<std::string> expected = stored_rows(*lite, false);
  ASSERT_EQ(expected.size(), n);
  EXPECT_EQ(stored_rows(*pg, true), expected);
}

TEST(PostgresRowBatch, ABadRowFailsItsBatchAndTheTransactionWritesNothing) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_row_batch_bad");
  std::unique_ptr<Database> pg = connect(uri);
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(migrate_schema(*pg).ok());
  Status s = finish_with_a_bad_row(*pg, 10);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("json"), std::string::npos) << s.error().message;
  EXPECT_TRUE(stored_rows(*pg, true).empty());
}

}  // namespace
}  // namespace learnloop
