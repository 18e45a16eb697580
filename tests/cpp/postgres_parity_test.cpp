// Same answers on both backends: the golden history (tests/golden/store, the fatigue histories of
// tests/golden/ads, and recorded predictions) written to a SQLite file and to a PostgreSQL database gives
// byte-identical JSON from learn, report, history, scores, besttime, virality, fatigue, accuracy, retrain and info.
#include <gtest/gtest.h>

#include <fstream>

#include "learnloop/lifecycle/accuracy.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using namespace pg_support;  // NOLINT(google-build-using-namespace): the suite's shared fixtures

// The golden rows, written through the core's API (the same calls on both backends).
void write_history(Database& db) {
  ASSERT_TRUE(migrate_schema(db).ok());
  store_support::ingest_golden(db);
  const nlohmann::json fatigue = nlohmann::json::parse(store_support::read_text("ads/fatigue.json"));
  nlohmann::json creatives = nlohmann::json::array();
  for (const auto& c : fatigue["cases"]) {
    for (nlohmann::json row : c["history"]) {
      row["creative_id"] = c["name"].get<std::string>() + "/" + row["creative_id"].get<std::string>();
      creatives.push_back(row);
    }
  }
  ASSERT_TRUE(write_metrics(db, "creative_metrics", creatives).ok());
  for (int i = 0; i < 80; ++i) {
    PredictionRecord r;
    r.prediction_id = "p" + std::to_string(i);
    r.hook_type = i % 3 == 0 ? "question" : "story";
    r.template_id = i % 2 ? "t1" : "t2";
    const double quality = (i % 17) / 17.0;
    const double truth = 0.02 + 0.04 * quality + 0.001 * (i % 5);
    r.predicted_ctr = truth + 0.03 + 0.0001 * i;  // drifted: retrain has work to do
    r.features = {{"quality", quality}, {"hook_type", r.hook_type}};
    r.predicted_at = "2026-03-1" + std::to_string(i % 4) + "T08:00:00Z";
    ASSERT_TRUE(record_prediction(db, r).ok());
    ASSERT_TRUE(complete_prediction(db, r.prediction_id, truth, std::nullopt, "2026-03-14T20:00:00Z").ok());
  }
}

TEST(PostgresParity, TheGoldenHistoryGivesTheSameJsonOnBothBackends) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string file = store_support::temp_db("pg-parity");
  const std::string uri = fresh_database("ll_parity");
  {
    auto lite = std::move(native::open_sqlite_database(file, true)).value();
    write_history(*lite);
    auto pg = connect(uri);
    ASSERT_NE(pg, nullptr);
    write_history(*pg);
  }
  const std::string content = store_support::temp_db("pg-parity-content") + ".json";
  std::ofstream(content) << R"({"platform": "twitter", "quality_score": 0.7, "content_type": "educational_thread",
                                "hook_type": "story", "duration_seconds": 30, "posted_hour": 9})";
  const std::vector<std::vector<std::string>> commands = {
      {"learn", "--date", "2026-03-13"},
      {"learn", "--date", "2026-03-14"},
      {"learn", "--date", "2026-03-14"},  // already_learned
      {"learn", "--date", "2026-03-12"},  // a backfill
      {"report", "--date", "2026-03-14"},
      {"report", "--date", "2026-03-11"},  // computed, not stored
      {"history", "--days", "30", "--today", "2026-03-20"},
      {"scores", "--date", "2026-03-14"},
      {"besttime", "--platform", "twitter", "--date", "2026-03-14", "--resamples", "50"},
      {"virality", "--content", content, "--date", "2026-03-14"},
      {"fatigue"},
      {"accuracy", "--model", "ctr", "--now", "2026-03-15T00:00:00Z"},
      {"retrain", "--model", "ctr", "--now", "2026-03-15T00:00:00Z", "--min-samples", "20"},
      {"accuracy", "--model", "ctr", "--now", "2026-03-15T00:00:00Z"},
      {"info"}};
  int compared = 0;
  for (const std::vector<std::string>& command : commands) {
    std::vector<std::string> on_file = command, on_pg = command;
    for (auto* args : {&on_file, &on_pg}) args->insert(args->end(), {"--json", "--db"});
    on_file.push_back(file);
    on_pg.push_back(uri);
    const CliOutput a = cli(on_file), b = cli(on_pg);
    std::string shown;
    for (const std::string& w : command) shown += w + " ";
    EXPECT_EQ(a.exit_code, b.exit_code) << shown << "\n" << a.err << "\n" << b.err;
    EXPECT_EQ(a.out, b.out) << shown;
    EXPECT_EQ(a.err, b.err) << shown;
    compared += !a.out.empty() && a.exit_code == 0;
  }
  EXPECT_GE(compared, 13) << "too few commands answered on SQLite to compare";
  // The tables the runs wrote hold the same rows too.
  auto lite = std::move(native::open_sqlite_database(file, false)).value();
  auto pg = connect(uri);
  for (const char* table : {"learning_runs", "bandit_arms", "daily_snapshots", "models", "meta_learning_scores"}) {
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY 1, 2";
    auto x = query_rows(*lite, sql), y = query_rows(*pg, sql);
    ASSERT_TRUE(x.ok() && y.ok()) << table;
    EXPECT_EQ(x.value(), y.value()) << table;
  }
}

}  // namespace
}  // namespace learnloop
