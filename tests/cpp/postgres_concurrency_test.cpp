// The concurrency contract (../shared/DESIGN.md) on PostgreSQL, with real processes on a real server: N
// processes writing metrics while two `learn` runs for the same date race lose nothing, one run commits and the
// other answers already_learned; a run that loses its connection mid-job (pg_terminate_backend from a second
// connection) writes nothing and a rerun completes; a writer held off past the lock timeout gets code busy.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <map>

#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using namespace pg_support;  // NOLINT(google-build-using-namespace): the suite's shared fixtures

std::int64_t count(Database& db, const std::string& sql) {
  return static_cast<std::int64_t>(sql_number(query_rows(db, sql).value()[0][0]));
}

// A database with the golden history, migrated; returns its URI.
std::string golden_database(const std::string& name) {
  const std::string uri = fresh_database(name);
  auto db = connect(uri);
  EXPECT_TRUE(migrate_schema(*db).ok());
  store_support::ingest_golden(*db);
  return uri;
}

// Runs `child` in a forked process (its own connections); returns the pid. Exit status: child's return value.
pid_t spawn(const std::function<int()>& child) {
  const pid_t pid = fork();
  if (pid == 0) _exit(child());
  return pid;
}

int exit_status(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

constexpr int kWriters = 4, kBatches = 25, kRowsPerBatch = 20;

TEST(PostgresConcurrency, ManyWritersAndTwoLearnsForTheSameDateLoseNothing) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = golden_database("ll_writers");
  std::vector<pid_t> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.push_back(spawn([&uri, w] {
      Result<std::unique_ptr<Database>> db = native::open_postgres_database(uri);
      if (!db.ok()) return 1;
      for (int b = 0; b < kBatches; ++b) {
        nlohmann::json rows = nlohmann::json::array();
        for (int r = 0; r < kRowsPerBatch; ++r)
          rows.push_back({{"decision_id", "w" + std::to_string(w) + "-" + std::to_string(b) + "-" + std::to_string(r)},
                          {"impressions", 100 + r},
                          {"likes", r},
                          {"collected_at", "2026-03-14T23:00:00Z"}});
        if (!write_metrics(*db.value(), "outcomes", rows).ok()) return 2;
      }
      return 0;
    }));
  }
  std::vector<pid_t> learners;
  for (int l = 0; l < 2; ++l) {
    learners.push_back(spawn([&uri] {
      Result<std::unique_ptr<Database>> db = native::open_postgres_database(uri);
      if (!db.ok()) return 1;
      Result<nlohmann::ordered_json> run =
          run_learning_job(*db.value(), store_support::learn_on("2026-03-14"), nullptr);
      if (!run.ok()) return 2;
      return run.value()["status"] == "already_learned" ? 10 : run.value()["status"] == "ok" ? 0 : 3;
    }));
  }
  for (pid_t p : writers) EXPECT_EQ(exit_status(p), 0);
  std::map<int, int> answers;
  for (pid_t p : learners) ++answers[exit_status(p)];
  EXPECT_EQ(answers[0], 1) << "one run commits";
  EXPECT_EQ(answers[10], 1) << "the other answers already_learned";
  auto db = connect(uri);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM outcomes WHERE decision_id LIKE 'w%'"),
            kWriters * kBatches * kRowsPerBatch);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM learning_runs WHERE run_date = '2026-03-14'"), 1);
}

TEST(PostgresConcurrency, ARunThatLosesTheRaceForItsDateStoresNothing) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = golden_database("ll_race");
  auto db = connect(uri);
  store_support::WhileComputing hook([&] {
    auto other = connect(uri);
    Result<nlohmann::ordered_json> first = run_learning_job(*other, store_support::learn_on("2026-03-14"), nullptr);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first.value()["status"], "ok");
  });
  Result<nlohmann::ordered_json> late = run_learning_job(*db, store_support::learn_on("2026-03-14"), &hook);
  ASSERT_TRUE(late.ok()) << late.error().message;
  EXPECT_EQ(late.value()["status"], "already_learned");
  EXPECT_EQ(count(*db, "SELECT count(*) FROM learning_runs"), 1);
}

TEST(PostgresConcurrency, ADroppedConnectionRollsBackAndARerunCompletes) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = golden_database("ll_dropped");
  auto db = connect(uri);
  auto admin = connect(admin_uri());
  store_support::WhileComputing hook([&] {
    Result<std::vector<std::vector<SqlValue>>> killed =
        query_rows(*admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?",
                   {std::string("ll_dropped")});
    ASSERT_TRUE(killed.ok()) << killed.error().message;
    EXPECT_EQ(sql_number(killed.value()[0][0]), 1);
  });
  Result<nlohmann::ordered_json> cut = run_learning_job(*db, store_support::learn_on("2026-03-14"), &hook);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("lost the connection to PostgreSQL"), std::string::npos) << cut.error().message;
  EXPECT_EQ(cut.error().message.find(":ll-test-secret@"), std::string::npos) << "no password in the message";
  auto again = connect(uri);
  for (const char* table : {"learning_runs", "daily_snapshots", "bandit_arms", "models", "meta_learning_scores"})
    EXPECT_EQ(count(*again, std::string("SELECT count(*) FROM ") + table), 0) << table;
  Result<nlohmann::ordered_json> rerun = run_learning_job(*again, store_support::learn_on("2026-03-14"), nullptr);
  ASSERT_TRUE(rerun.ok()) << rerun.error().message;
  EXPECT_EQ(rerun.value()["status"], "ok");
  EXPECT_EQ(count(*again, "SELECT count(*) FROM learning_runs"), 1);
}

TEST(PostgresConcurrency, AWriterHeldOffPastTheLockTimeoutGetsBusyAndWritesNothing) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = golden_database("ll_held");
  auto holder = connect(uri);
  auto db = connect(uri);
  Transaction held(*holder);
  ASSERT_TRUE(held.status().ok());
  ASSERT_TRUE(db->exec("SET lock_timeout = 100").ok());  // the 5 s default, shortened for the test
  Status s = write_metrics(*db, "outcomes",
                           {{"decision_id", "held-off"}, {"impressions", 1}, {"collected_at", "2026-03-14T00:00:00Z"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBusy) << s.error().message;
  EXPECT_NE(s.error().message.find("is busy"), std::string::npos) << s.error().message;
  EXPECT_EQ(count(*holder, "SELECT count(*) FROM outcomes WHERE decision_id = 'held-off'"), 0);
}

}  // namespace
}  // namespace learnloop
