// RowBatch, the store's batched INSERT for rows written in a loop: on PostgreSQL (multi-row statements, several full
// batches and a partial one) it writes the same rows, in the same order, as on SQLite (one statement per row),
// NULLs, JSON text, quotes and shortest-exact doubles included; a bad row fails the batch with PostgreSQL's message.
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
  {
    Transaction tx(*pg);
    ASSERT_TRUE(tx.status().ok());
    RowBatch batch(*pg, "meta_learning_scores", kColumns);
    for (std::size_t i = 0; i < 10; ++i) ASSERT_TRUE(batch.add(test_row(i)).ok());
    std::vector<SqlValue> bad = test_row(10);
    bad[3] = std::string("{not json");
    ASSERT_TRUE(batch.add(bad).ok());  // queued: PostgreSQL sees it at finish()
    Status s = batch.finish();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("json"), std::string::npos) << s.error().message;
  }
  EXPECT_TRUE(stored_rows(*pg, true).empty());
}

}  // namespace
}  // namespace learnloop
