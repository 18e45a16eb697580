// The learning job's concurrency contract (../shared/DESIGN.md) on the native libsqlite3 backend:
// one snapshot read, compute without the write lock, one short commit that claims the date. Other
// connections to the same file write while the job computes; a run that loses the race for its date
// stores nothing and answers already_learned; force replaces; a backfill never rewinds bandit_arms; a
// writer held off past the busy timeout gets code busy.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/store/window_rows.hpp"
#include "store/sqlite_database.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using namespace store_support;  // NOLINT(google-build-using-namespace): the suite's shared fixtures

std::unique_ptr<Database> second_connection(const std::string& path) {
  Result<std::unique_ptr<Database>> db = native::open_sqlite_database(path, false);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return std::move(db).value();
}

std::string table_dump(Database& db, const std::string& table) {
  std::string out;
  const Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "SELECT * FROM " + table + " ORDER BY 1, 2");
  for (const auto& r : rows.value()) {
    for (const SqlValue& v : r) out += sql_text(v) + "|";
    out += "\n";
  }
  return out;
}

TEST(LearnConcurrency, ASecondRunForTheSameDateStoresNothingAndForceReplacesTheFirst) {
  auto db = open_fresh("already");
  ingest_golden(*db);
  ASSERT_TRUE(run_learning_job(*db, learn_on("2026-03-14"), nullptr).ok());
  const std::string once = dump(*db);
  Result<nlohmann::ordered_json> again = run_learning_job(*db, learn_on("2026-03-14"), nullptr);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again.value()["status"], "already_learned");
  EXPECT_EQ(again.value()["run"]["date"], "2026-03-14");
  EXPECT_GT(again.value()["run"]["outcomes_read"].get<std::int64_t>(), 0);
  EXPECT_EQ(dump(*db), once);
  LearnOptions forced = learn_on("2026-03-14");
  forced.force = true;
  Result<nlohmann::ordered_json> replaced = run_learning_job(*db, forced, nullptr);
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_EQ(replaced.value()["status"], "ok");
  EXPECT_EQ(dump(*db), once);  // the same inputs learn the same run again
}

TEST(LearnConcurrency, OtherConnectionsWriteWhileTheJobComputes) {
  const std::string path = temp_db("writers");
  auto db = open_fresh("writers");
  ingest_golden(*db);
  auto other = second_connection(path);
  ASSERT_TRUE(other->exec("PRAGMA busy_timeout = 0").ok());  // fail at once if the job held the write lock
  Status written = invalid_argument("not run");
  WhileComputing hook([&] {
    written = run_statement(
        *other, "INSERT INTO outcomes (decision_id, impressions, likes, collected_at) VALUES (?, ?, ?, ?)",
        {std::string("late-arrival"), std::int64_t{100}, std::int64_t{9}, std::string("2026-03-14T12:00:00Z")});
  });
  Result<nlohmann::ordered_json> run = run_learning_job(*db, learn_on("2026-03-14"), &hook);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_TRUE(written.ok()) << written.error().message;
  // The run read its snapshot before the row arrived: the row is stored, and not in this run's window.
  const DayNumber day = parse_date("2026-03-14").value();
  Result<OutcomeRows> window = read_outcome_rows(*db, day - 6, day);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window.value().size(), run.value()["outcomes_read"].get<std::size_t>() + 1);
  EXPECT_EQ(query_rows(*db, "PRAGMA integrity_check").value()[0][0], SqlValue{std::string("ok")});
}

TEST(LearnConcurrency, ARunThatLosesTheRaceForItsDateStoresNothing) {
  const std::string path = temp_db("race");
  auto db = open_fresh("race");
  ingest_golden(*db);
  std::string winner_state;
  WhileComputing hook([&] {
    // Another process learns the same date and commits while this run computes.
    auto other = second_connection(path);
    Result<nlohmann::ordered_json> first = run_learning_job(*other, learn_on("2026-03-14"), nullptr);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first.value()["status"], "ok");
    winner_state = dump(*other);
  });
  Result<nlohmann::ordered_json> late = run_learning_job(*db, learn_on("2026-03-14"), &hook);
  ASSERT_TRUE(late.ok()) << late.error().message;
  EXPECT_EQ(late.value()["status"], "already_learned");
  EXPECT_EQ(late.value()["run"]["date"], "2026-03-14");
  EXPECT_EQ(dump(*db), winner_state);
}

TEST(LearnConcurrency, AWriterHeldOffPastTheBusyTimeoutGetsBusyAndWritesNothing) {
  const std::string path = temp_db("held");
  auto db = open_fresh("held");
  auto holder = second_connection(path);
  ASSERT_TRUE(holder->exec("BEGIN IMMEDIATE").ok());
  ASSERT_TRUE(db->exec("PRAGMA busy_timeout = 50").ok());  // the 5 s default, shortened for the test
  Status s = run_statement(*db, "INSERT INTO outcomes (decision_id, impressions, collected_at) VALUES (?, ?, ?)",
                           {std::string("held-off"), std::int64_t{1}, std::string("2026-03-14T00:00:00Z")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBusy);
  EXPECT_NE(s.error().message.find("is busy: another process held its lock"), std::string::npos) << s.error().message;
  ASSERT_TRUE(holder->exec("ROLLBACK").ok());
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM outcomes").value()[0][0]), 0);
}

TEST(LearnConcurrency, ABackfillIsRecordedWithoutRewindingTheLiveBanditState) {
  auto db = open_fresh("backfill");
  ingest_golden(*db);
  ASSERT_TRUE(run_learning_job(*db, learn_on("2026-03-14"), nullptr).ok());
  const std::string live = table_dump(*db, "bandit_arms");
  ASSERT_FALSE(live.empty());
  Result<nlohmann::ordered_json> backfill = run_learning_job(*db, learn_on("2026-03-11"), nullptr);
  ASSERT_TRUE(backfill.ok()) << backfill.error().message;
  EXPECT_EQ(backfill.value()["status"], "ok");
  EXPECT_EQ(table_dump(*db, "bandit_arms"), live);
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM learning_runs").value()[0][0]), 2);
  // A later run carries on from the latest state (03-14's), not from the backfill.
  Result<nlohmann::ordered_json> next = run_learning_job(*db, learn_on("2026-03-15"), nullptr);
  ASSERT_TRUE(next.ok()) << next.error().message;
  Result<nlohmann::ordered_json> history = learning_history(*db, "2026-03-15", 7);
  ASSERT_EQ(history.value().size(), 3u);
}

}  // namespace
}  // namespace learnloop
