// The PostgreSQL store on a real server (scripts/pg_test_server.sh): the schema rendered for PostgreSQL has the
// same catalog as SQLite's (tables, columns, declared types, NOT NULL, primary keys, indexes), a newer schema is
// refused, and bad targets fail with messages a user can act on and that never show a password.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>

#include "learnloop/store/ingest.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/schema.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using namespace pg_support;  // NOLINT(google-build-using-namespace): the suite's shared fixtures

std::vector<std::string> column_of(Database& db, const std::string& sql, const std::vector<SqlValue>& params = {}) {
  std::vector<std::string> out;
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, sql, params);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  if (rows.ok())
    for (const auto& r : rows.value()) out.push_back(sql_text(r[0]));
  return out;
}

// tables -> "name TYPE [required]" per column, then "pk: ..." and the table's index names.
std::map<std::string, std::vector<std::string>> catalog(Database& db, bool pg) {
  std::map<std::string, std::vector<std::string>> out;
  const std::vector<std::string> tables =
      pg ? column_of(db,
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND "
                     "table_name <> 'schema_version'")
         : column_of(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
  for (const std::string& t : tables) {
    std::vector<std::string>& entry = out[t];
    Result<std::vector<ColumnInfo>> columns = table_columns(db, t);
    EXPECT_TRUE(columns.ok());
    for (const ColumnInfo& c : columns.value())
      entry.push_back(c.name + " " + c.declared_type + (c.required ? " required" : ""));
    const std::vector<std::string> pk =
        pg ? column_of(db,
                       "SELECT k.column_name FROM information_schema.table_constraints c JOIN "
                       "information_schema.key_column_usage k USING (constraint_schema, constraint_name) WHERE "
                       "c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position",
                       {t})
           : column_of(db, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", {t});
    std::string keys = "pk:";
    for (const std::string& k : pk) keys += " " + k;
    entry.push_back(keys);
    const std::vector<std::string> indexes =
        pg ? column_of(db,
                       "SELECT indexname || ' ' || regexp_replace(indexdef, '.*\\((.*)\\)', '\\1') FROM pg_indexes "
                       "WHERE tablename = ? AND indexname NOT LIKE '%_pkey' ORDER BY indexname COLLATE \"C\"",
                       {t})
           : column_of(db,
                       "SELECT i.name || ' ' || (SELECT group_concat(name, ', ') FROM pragma_index_info(i.name)) FROM "
                       "sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = ? AND i.sql IS NOT NULL ORDER BY "
                       "i.name",
                       {t});
    for (const std::string& i : indexes) entry.push_back("index " + i);
  }
  return out;
}

TEST(PostgresStore, TheRenderedSchemaHasSqlitesCatalog) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_catalog");
  auto pg = connect(uri);
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(migrate_schema(*pg).ok());
  auto lite = store_support::open_fresh("pg-catalog");
  const auto expected = catalog(*lite, false);
  const auto got = catalog(*pg, true);
  EXPECT_EQ(got.size(), expected.size());
  EXPECT_GE(expected.size(), 15u);
  for (const auto& [table, entry] : expected) {
    ASSERT_TRUE(got.count(table)) << table << " is missing on PostgreSQL";
    EXPECT_EQ(got.at(table), entry) << table;
  }
  // Migrating again is a no-op; check_schema accepts it.
  EXPECT_TRUE(migrate_schema(*pg).ok());
  EXPECT_TRUE(check_schema(*pg).ok());
}

TEST(PostgresStore, ANewerSchemaIsRefusedAndAnEmptyDatabaseNeedsInit) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_version");
  auto pg = connect(uri);
  ASSERT_NE(pg, nullptr);
  Status empty = check_schema(*pg);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kNotFound);
  EXPECT_NE(empty.error().message.find("learnloop init --db postgres://"), std::string::npos) << empty.error().message;
  CliOutput info = cli({"info", "--db", uri});
  EXPECT_EQ(info.exit_code, 2);
  EXPECT_NE(info.err.find("learnloop init"), std::string::npos) << info.err;
  ASSERT_TRUE(migrate_schema(*pg).ok());
  ASSERT_TRUE(
      run_statement(*pg, "UPDATE schema_version SET version = ?", {std::int64_t{latest_schema_version() + 1}}).ok());
  Status newer = check_schema(*pg);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(newer.error().message.find("newer than this learnloop reads"), std::string::npos);
  EXPECT_FALSE(migrate_schema(*pg).ok());
}

TEST(PostgresStore, BadTargetsSayWhatIsWrongWithoutThePassword) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string admin = admin_uri();  // postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres
  const std::string password = admin.substr(admin.find(':', 11) + 1, admin.find('@') - admin.find(':', 11) - 1);
  ASSERT_FALSE(password.empty());
  // Wrong credentials.
  std::string wrong = admin;
  wrong.replace(admin.find(password + "@"), password.size(), "not-the-" + password);
  CliOutput denied = cli({"info", "--db", wrong});
  EXPECT_EQ(denied.exit_code, 2);
  EXPECT_NE(denied.err.find("password authentication failed"), std::string::npos) << denied.err;
  EXPECT_EQ(denied.err.find(password), std::string::npos) << denied.err;
  // A server that is not there: a clear error well within the connect timeout.
  const auto start = std::chrono::steady_clock::now();
  CliOutput refused = cli({"info", "--db", "postgres://postgres:" + password + "@127.0.0.1:1/postgres"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(11));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/postgres"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.err.find(password), std::string::npos);
  // A database that does not exist.
  CliOutput missing = cli({"info", "--db", uri_of("ll_no_such_database")});
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  // A wrong URI (libpq's message echoes the bad token: the password is blanked there too).
  CliOutput bad = cli({"info", "--db", "postgres://postgres:" + password + "@127.0.0.1:1/x?nosuchoption=1"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("nosuchoption"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find(password), std::string::npos) << bad.err;
  // init's output names the database without its password.
  const std::string uri = fresh_database("ll_redact");
  CliOutput init = cli({"init", "--db", uri, "--json"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(init.out.find(password), std::string::npos) << init.out;
  CliOutput shown = cli({"info", "--db", uri});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out.find(password), std::string::npos) << shown.out;
}

TEST(PostgresStore, InitExplainsPostgres15sRevokedCreateOnPublic) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_public");
  auto admin = connect(admin_uri());
  ASSERT_NE(admin, nullptr);
  static_cast<void>(admin->exec("DROP ROLE IF EXISTS ll_app"));
  ASSERT_TRUE(admin->exec("CREATE ROLE ll_app LOGIN PASSWORD 'app-secret'").ok());
  const std::string as_app = "postgres://ll_app:app-secret@" + uri.substr(uri.find('@') + 1);
  CliOutput init = cli({"init", "--db", as_app});
  EXPECT_EQ(init.exit_code, 2) << init.out;
  EXPECT_NE(init.err.find("PostgreSQL 15 and later let only the database owner create tables in schema public"),
            std::string::npos)
      << init.err;
  EXPECT_NE(init.err.find("GRANT CREATE ON SCHEMA public"), std::string::npos);
  EXPECT_EQ(init.err.find("app-secret"), std::string::npos);
  // Nothing half-created: the migration ran in one transaction.
  auto db = connect(uri);
  EXPECT_TRUE(column_of(*db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").empty());
}

TEST(PostgresStore, ValuesPostgresRejectsNameTheRecordAndColumn) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_values");
  ASSERT_EQ(cli({"init", "--db", uri}).exit_code, 0);
  auto db = connect(uri);
  // SQLite stores a NUL character in text; PostgreSQL's text cannot hold one.
  const nlohmann::json records = nlohmann::json::array(
      {{{"decision_id", "ok-1"}, {"impressions", 10}, {"collected_at", "2026-03-01"}},
       {{"decision_id", std::string("bad\0id", 6)}, {"impressions", 10}, {"collected_at", "2026-03-01"}}});
  Status s = write_metrics(*db, "outcomes", records);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << s.error().message;
  EXPECT_NE(s.error().message.find("record 2"), std::string::npos) << s.error().message;
  EXPECT_EQ(query_rows(*db, "SELECT count(*) FROM outcomes").value()[0][0], SqlValue{std::int64_t{0}});
}

TEST(PostgresStore, IngestReportsTheSameBadRowsAsSqliteAndSkipsThemOnRequest) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_ingest");
  auto pg = connect(uri);
  ASSERT_TRUE(migrate_schema(*pg).ok());
  auto lite = store_support::open_fresh("pg-ingest");
  // Line 3 repeats line 2's key, line 5 breaks a CHECK: the database refuses both, the rows after them go in.
  const std::string csv =
      "decision_id,impressions,likes,collected_at\n"
      "a,10,1,2026-03-01\n"
      "a,11,1,2026-03-01\n"
      "b,12,2,2026-03-01\n"
      "c,-5,2,2026-03-01\n"
      "d,13,3,2026-03-02\n";
  IngestOptions options;
  options.table = "outcomes";
  for (const bool skip : {false, true}) {
    options.skip_bad = skip;
    Result<IngestResult> a = ingest_text(*lite, csv, options, nullptr), b = ingest_text(*pg, csv, options, nullptr);
    ASSERT_EQ(a.ok(), b.ok()) << skip;
    if (!a.ok()) {
      EXPECT_NE(b.error().message.find("line 3"), std::string::npos) << b.error().message;
      EXPECT_NE(b.error().message.find("line 5"), std::string::npos) << b.error().message;
      continue;
    }
    EXPECT_EQ(a.value().rows_written, b.value().rows_written);
    EXPECT_EQ(a.value().rows_written, 3u);
    EXPECT_EQ(a.value().bad_rows.size(), b.value().bad_rows.size());
  }
  EXPECT_EQ(query_rows(*pg, "SELECT decision_id FROM outcomes ORDER BY 1").value(),
            query_rows(*lite, "SELECT decision_id FROM outcomes ORDER BY 1").value());
}

TEST(PostgresStore, StreamedCopyAcrossBatchesNamesRefusedRowsAndLeavesTheConnectionUsable) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_ingest_stream");
  auto pg = connect(uri);
  ASSERT_TRUE(migrate_schema(*pg).ok());
  auto lite = store_support::open_fresh("pg-ingest-stream");
  // 21,000 rows: three COPY batches, the first two sent in several pieces; row 20,501 (line 20,502) breaks a CHECK,
  // so the last batch (1,000 rows) falls back to row-by-row inserts; a quote and a comma in the ids go through
  // COPY's quoting.
  std::string csv = "decision_id,impressions,engagement_rate,collected_at\n";
  for (int i = 0; i < 21000; ++i)
    csv += "\"p\"\"" + std::to_string(i) + ",x\"," + (i == 20500 ? "-1" : std::to_string(i)) + "," +
           (i % 3 == 0 ? "" : std::to_string(i) + ".25") + ",2026-03-01\n";
  IngestOptions options{"outcomes", "csv", {}, true, 4096};
  Result<IngestResult> a = ingest_text(*lite, csv, options, nullptr), b = ingest_text(*pg, csv, options, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b.value().rows_written, 20999);
  ASSERT_EQ(a.value().bad_rows.size(), 1u);
  ASSERT_EQ(b.value().bad_rows.size(), 1u);  // the databases word the refusal differently
  EXPECT_EQ(b.value().bad_rows[0].rfind("line 20502: ", 0), 0u) << b.value().bad_rows[0];
  const std::string sums =
      "SELECT count(*), sum(impressions), sum(engagement_rate), count(engagement_rate), sum(length(decision_id)) "
      "FROM outcomes";
  const auto pg_sums = query_rows(*pg, sums).value(), lite_sums = query_rows(*lite, sums).value();
  for (std::size_t c = 0; c < 5; ++c) EXPECT_EQ(sql_number(pg_sums[0][c]), sql_number(lite_sums[0][c])) << c;
  // A ragged line after two batches: nothing is written, and the connection (mid-COPY when the error came) still
  // answers.
  ASSERT_TRUE(run_statement(*pg, "DELETE FROM outcomes").ok());
  Result<IngestResult> ragged = ingest_text(*pg, csv + "z,1,2,3,4\n", options, nullptr);
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.error().message, "line 21002 has 5 fields; expected 4 like the header");
  EXPECT_EQ(sql_number(query_rows(*pg, "SELECT count(*) FROM outcomes").value()[0][0]), 0);
}

}  // namespace
}  // namespace learnloop
