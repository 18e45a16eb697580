// The metrics store and the learning job on the native libsqlite3 backend: schema and
// migrations, checked writes, ingest, the golden report, idempotency, a job killed midway, a
// second writer, days without data and the demo history.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/file_host.hpp"
#include "golden.hpp"
#include "learnloop/pipelines/demo_history.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"
#include "learnloop/store/embedding_rows.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/store/snapshots.hpp"
#include "store/sqlite_database.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using testing::close;
using testing::load_golden;
using namespace store_support;  // NOLINT(google-build-using-namespace): the suite's shared fixtures

TEST(Store, MigratesOnceAndRefusesANewerSchema) {
  auto db = open_fresh("migrate");
  EXPECT_EQ(sql_number(query_rows(*db, "PRAGMA user_version").value()[0][0]), latest_schema_version());
  EXPECT_TRUE(migrate_schema(*db).ok());  // a second run changes nothing
  const std::vector<std::string> expected = {
      "bandit_arms",        "content_metadata",  "daily_snapshots",       "embeddings",      "engagement_metrics",
      "engine_performance", "learning_runs",     "meta_learning_scores",  "models",          "outcomes",
      "prediction_records", "retention_metrics", "satellite_performance", "viewer_behavior", "creative_metrics"};
  for (const std::string& t : expected) EXPECT_TRUE(table_columns(*db, t).ok()) << t;
  ASSERT_TRUE(db->exec("PRAGMA user_version = 99").ok());
  Status s = check_schema(*db);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(s.error().message.find("schema version 99"), std::string::npos) << s.error().message;
}

TEST(Store, AnEmptyDatabaseAsksForInit) {
  Result<std::unique_ptr<Database>> db = native::open_sqlite_database(temp_db("empty"), true);
  ASSERT_TRUE(db.ok());
  Status s = check_schema(*db.value());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("learnloop init"), std::string::npos);
}

TEST(Store, WriteMetricsChecksEveryRecordAndWritesAllOrNothing) {
  auto db = open_fresh("write");
  const nlohmann::json good = {{"content_id", "a"},
                               {"platform", "tiktok"},
                               {"avg_watch_percentage", 61.5},
                               {"retention_curve", {1.0, 0.8, 0.5}},
                               {"drop_off_points", "[0.2]"},
                               {"measured_at", "2026-01-02T10:00:00Z"}};
  ASSERT_TRUE(write_metrics(*db, "retention_metrics", good).ok());
  struct Case {
    nlohmann::json record;
    std::string table;
    std::string says;
  };
  const std::vector<Case> bad = {
      {{{"content_id", "b"}, {"measured_at", "2026-01-02"}, {"avg_watch_percentage", "high"}},
       "retention_metrics",
       "is not a finite number"},
      {{{"content_id", "b"}, {"measured_at", "2026-01-02"}, {"drop_off_points", "[0.2"}},
       "retention_metrics",
       "is not valid JSON"},
      {{{"content_id", "b"}, {"measured_at", "2026-02-30"}}, "retention_metrics", "is not a UTC timestamp"},
      {{{"content_id", "b"}, {"measured_at", "2026-01-02"}, {"colour", "red"}},
       "retention_metrics",
       "has no column 'colour'"},
      {{{"platform", "x"}, {"measured_at", "2026-01-02"}}, "retention_metrics", "'content_id' is required and missing"},
      {{{"content_id", "b"}, {"measured_at", "2026-01-02"}}, "no_such_table", "unknown metric table 'no_such_table'"},
      {{{"decision_id", "b"}, {"impressions", 1.5}, {"collected_at", "2026-01-02"}}, "outcomes", "is not an integer"},
  };
  for (const Case& c : bad) {
    // The bad record comes second: the good first one must not be written either.
    const nlohmann::json batch = {{{"content_id", "first"}, {"measured_at", "2026-01-03"}}, c.record};
    Status s = write_metrics(*db, c.table, c.table == "retention_metrics" ? batch : c.record);
    ASSERT_FALSE(s.ok()) << c.record.dump();
    EXPECT_NE(s.error().message.find(c.says), std::string::npos) << s.error().message;
  }
  Result<nlohmann::json> rows = read_metrics(*db, "retention_metrics", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows.value()[0]["retention_curve"], nlohmann::json({1.0, 0.8, 0.5}));
}

TEST(Store, ReadMetricsFiltersByContentPlatformDatesAndLimit) {
  auto db = open_fresh("read");
  nlohmann::json rows = nlohmann::json::array();
  for (int d = 1; d <= 9; ++d)
    rows.push_back({{"content_id", d % 2 ? "odd" : "even"},
                    {"platform", d % 3 ? "x" : "y"},
                    {"views", d},
                    {"measured_at", "2026-01-0" + std::to_string(d)}});
  ASSERT_TRUE(write_metrics(*db, "engagement_metrics", rows).ok());
  const auto count = [&](const MetricsFilter& f) { return read_metrics(*db, "engagement_metrics", f).value().size(); };
  EXPECT_EQ(count({}), 9u);
  EXPECT_EQ(count({"odd", "", "", "", 0}), 5u);
  EXPECT_EQ(count({"", "y", "", "", 0}), 3u);
  EXPECT_EQ(count({"", "", "2026-01-03", "2026-01-05", 0}), 3u);
  Result<nlohmann::json> newest = read_metrics(*db, "engagement_metrics", {"", "", "", "", 2});
  ASSERT_EQ(newest.value().size(), 2u);
  EXPECT_EQ(newest.value()[0]["views"], 9);
  EXPECT_FALSE(read_metrics(*db, "engagement_metrics", {"", "", "2026-13-01", "", 0}).ok());
}

TEST(Store, IngestNamesBadLinesAndWritesNothingUnlessSkipBad) {
  auto db = open_fresh("ingest");
  const std::string csv =
      "post,impressions,likes,collected_at\n"
      "a,100,3,2026-01-01\n"
      "b,lots,3,2026-01-01\n"
      "c,100,3,yesterday\n"
      "d,100,2,2026-01-01\n";
  IngestOptions options;
  options.table = "outcomes";
  options.mapping = {{"post", "decision_id"}};
  Result<IngestResult> all = ingest_text(*db, csv, options, nullptr);
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.error().message.find("2 of 4 rows are bad"), std::string::npos) << all.error().message;
  EXPECT_NE(all.error().message.find("line 3: column 'impressions': 'lots' is not an integer"), std::string::npos)
      << all.error().message;
  EXPECT_NE(all.error().message.find("line 4: column 'collected_at'"), std::string::npos) << all.error().message;
  EXPECT_EQ(read_metrics(*db, "outcomes", {}).value().size(), 0u);

  options.skip_bad = true;
  Result<IngestResult> some = ingest_text(*db, csv, options, nullptr);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(some.value().rows_written, 2);
  EXPECT_EQ(some.value().bad_rows.size(), 2u);
  // A duplicate key is a bad row too, reported by line.
  Result<IngestResult> again = ingest_text(*db, "decision_id,impressions,collected_at\na,5,2026-01-01\n",
                                           {"outcomes", "csv", {}, false}, nullptr);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("line 2"), std::string::npos) << again.error().message;

  Result<IngestResult> jsonl =
      ingest_text(*db, "{\"decision_id\":\"j\",\"impressions\":7,\"collected_at\":\"2026-01-02\"}\n\n{oops\n",
                  {"outcomes", "jsonl", {}, true}, nullptr);
  ASSERT_TRUE(jsonl.ok());
  EXPECT_EQ(jsonl.value().rows_written, 1);
  ASSERT_EQ(jsonl.value().bad_rows.size(), 1u);
  EXPECT_EQ(jsonl.value().bad_rows[0].rfind("line 3: ", 0), 0u) << jsonl.value().bad_rows[0];
  EXPECT_FALSE(ingest_text(*db, csv, {"outcomes", "csv", {}, false}, nullptr).ok());  // 'post' is not a column
}

TEST(LearnJob, ReportMatchesTheIndependentGolden) {
  auto db = open_fresh("golden");
  ingest_golden(*db);
  const nlohmann::ordered_json expected = nlohmann::ordered_json::parse(load_golden("store/expected.json").dump());
  Result<nlohmann::ordered_json> run = run_learning_job(*db, learn_on(expected["date"]), nullptr);
  ASSERT_TRUE(run.ok()) << run.error().message;
  const nlohmann::ordered_json& report = run.value()["report"];
  EXPECT_EQ(report["window"]["from"], expected["window"]["from"]);
  for (const char* key : {"content_analyzed", "impressions", "engagements", "followers_gained"})
    EXPECT_EQ(report["summary"][key].get<double>(), expected["summary"][key].get<double>()) << key;
  EXPECT_TRUE(close(report["summary"]["avg_engagement_rate"], expected["summary"]["avg_engagement_rate"], 1e-6));
  const auto& types = report["engagement"]["by_content_type"];
  ASSERT_EQ(types.size(), expected["by_content_type"].size());
  for (std::size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(types[i]["content_type"], expected["by_content_type"][i]["content_type"]);
    EXPECT_EQ(types[i]["posts"], expected["by_content_type"][i]["posts"]);
    EXPECT_TRUE(close(types[i]["avg_engagement_rate"], expected["by_content_type"][i]["avg_engagement_rate"], 1e-6));
  }
  for (const char* what : {"content_type", "hour", "platform"}) {
    const auto &got = report["findings"][what], &want = expected["findings"][what];
    EXPECT_EQ(got["status"], want["status"]) << what;
    EXPECT_EQ(got["best"], want["best"]) << what;
    EXPECT_EQ(got["runner_up"], want["runner_up"]) << what;
    EXPECT_TRUE(close(got["chance_beats_runner_up"], want["chance_beats_runner_up"], 1e-4)) << what;
  }
  for (const char* list : {"best_performers", "worst_performers"}) {
    ASSERT_EQ(report[list].size(), expected[list].size()) << list;
    for (std::size_t i = 0; i < report[list].size(); ++i)
      EXPECT_EQ(report[list][i]["decision_id"], expected[list][i]) << list << i;
  }
  EXPECT_EQ(report["retention"]["content_measured"], expected["retention"]["content_measured"]);
  EXPECT_TRUE(close(report["retention"]["avg_watch_percentage"], expected["retention"]["avg_watch_percentage"], 1e-4));
  for (const char* c : {"high", "medium", "low"})
    EXPECT_EQ(report["retention"]["clusters"][c]["content"], expected["retention"]["clusters"][c]) << c;
  for (const auto& arm : run.value()["bandits"]["content"]["arms"]) {
    const auto& want = expected["content_arms"][arm["arm"].get<std::string>()];
    EXPECT_EQ(arm["successes"].get<double>(), want["successes"].get<double>()) << arm.dump();
    EXPECT_EQ(arm["failures"].get<double>(), want["failures"].get<double>()) << arm.dump();
  }
  const auto& snapshot = run.value()["snapshot"];
  EXPECT_EQ(snapshot["total_content_analyzed"], expected["snapshot"]["total_content_analyzed"]);
  EXPECT_TRUE(close(snapshot["avg_engagement_rate"], expected["snapshot"]["avg_engagement_rate"], 1e-6));
  // Persisted: bandit_arms, both models (one active each), the snapshot and the run.
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM bandit_arms WHERE scope = 'content'").value()[0][0]), 3);
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM models WHERE active = 1").value()[0][0]), 2);
  Result<std::vector<DailySnapshot>> snaps = read_daily_snapshots(*db, "2026-03-01", "2026-03-31");
  ASSERT_EQ(snaps.value().size(), 1u);
  EXPECT_EQ(snaps.value()[0].insights.size(), 3u);
  Result<nlohmann::ordered_json> stored = learning_report_for(*db, expected["date"]);
  EXPECT_EQ(stored.value().dump(), report.dump());
}

TEST(LearnJob, RunningADateTwiceLeavesTheSameStateAndTheNextDayCountsOnlyNewOutcomes) {
  auto db = open_fresh("idempotent");
  ingest_golden(*db);
  ASSERT_TRUE(run_learning_job(*db, learn_on("2026-03-13"), nullptr).ok());
  ASSERT_TRUE(run_learning_job(*db, learn_on("2026-03-14"), nullptr).ok());
  const std::string once = dump(*db);
  LearnOptions forced = learn_on("2026-03-14");
  forced.force = true;  // without it the second run answers already_learned (learn_concurrency_test.cpp)
  Result<nlohmann::ordered_json> again = run_learning_job(*db, forced, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(dump(*db), once);
  EXPECT_EQ(again.value()["new_outcomes"], 6);  // only 2026-03-14's collections are new after 03-13's run
  Result<nlohmann::ordered_json> history = learning_history(*db, "2026-03-14", 7);
  ASSERT_EQ(history.value().size(), 2u);
  EXPECT_EQ(history.value()[1]["date"], "2026-03-14");
}

// A Database that fails its Nth statement, to stand for a job killed midway.
class FailingDatabase : public Database {
 public:
  FailingDatabase(Database& inner, int fail_at) : inner_(inner), left_(fail_at) {}
  Status exec(const std::string& sql) override { return inner_.exec(sql); }
  Result<std::unique_ptr<Statement>> prepare(const std::string& sql) override {
    if (sql.rfind("INSERT", 0) == 0 && --left_ == 0) return Error{ErrorCode::kInternal, "killed"};
    return inner_.prepare(sql);
  }

 private:
  Database& inner_;
  int left_;
};

TEST(LearnJob, AJobKilledMidwayLeavesTheDatabaseAsItWasAndARerunCompletes) {
  auto db = open_fresh("killed");
  ingest_golden(*db);
  const std::string before = dump(*db);
  for (int fail_at = 1; fail_at <= 4; ++fail_at) {
    FailingDatabase failing(*db, fail_at);
    Result<nlohmann::ordered_json> run = run_learning_job(failing, learn_on("2026-03-14"), nullptr);
    ASSERT_FALSE(run.ok()) << fail_at;
    EXPECT_EQ(dump(*db), before) << "after failing at insert " << fail_at;
  }
  ASSERT_TRUE(run_learning_job(*db, learn_on("2026-03-14"), nullptr).ok());
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM learning_runs").value()[0][0]), 1);
}

TEST(LearnJob, ASecondWriterWaitsForTheFirstInsteadOfFailing) {
  const std::string path = temp_db("busy");
  auto db = std::move(native::open_sqlite_database(path, true)).value();
  ASSERT_TRUE(migrate_schema(*db).ok());
  ingest_golden(*db);
  auto other = std::move(native::open_sqlite_database(path, false)).value();
  ASSERT_TRUE(other->exec("BEGIN IMMEDIATE").ok());
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(other->exec("COMMIT").ok());
  });
  Result<nlohmann::ordered_json> run = run_learning_job(*db, learn_on("2026-03-14"), nullptr);
  release.join();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(query_rows(*db, "PRAGMA integrity_check").value()[0][0], SqlValue{std::string("ok")});
}

TEST(LearnJob, ADayWithoutDataSaysSoAndFutureDatesAreRefused) {
  auto db = open_fresh("nodata");
  Result<nlohmann::ordered_json> run = run_learning_job(*db, learn_on("2026-01-10"), nullptr);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run.value()["report"]["status"], "no_data");
  EXPECT_EQ(run.value()["models"]["engagement_rate"]["status"], "skipped");
  Result<nlohmann::ordered_json> future = run_learning_job(*db, learn_on("2026-11-24"), nullptr);
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.error().message.find("in the future"), std::string::npos);
  EXPECT_FALSE(run_learning_job(*db, learn_on("2026-11-31"), nullptr).ok());
}

TEST(DemoHistory, IsSeededRealisticAndOnlyWritesIntoAnEmptyDatabase) {
  auto a = open_fresh("demo-a");
  auto b = open_fresh("demo-b");
  DemoSpec spec;
  spec.end_date = "2026-11-22";
  spec.days = 20;
  Result<DemoCounts> counts = generate_demo_history(*a, spec, nullptr);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts.value().outcomes, 20 * 24);
  ASSERT_TRUE(generate_demo_history(*b, spec, nullptr).ok());
  EXPECT_EQ(dump(*a), dump(*b));
  EXPECT_FALSE(generate_demo_history(*a, spec, nullptr).ok());
  // The generator's effects are there to be found: the best type by construction leads the report.
  Result<nlohmann::ordered_json> run = run_learning_job(*a, learn_on("2026-11-22"), nullptr);
  ASSERT_TRUE(run.ok());
  spec.days = 60;
  auto big = open_fresh("demo-big");
  ASSERT_TRUE(generate_demo_history(*big, spec, nullptr).ok());
  LearnOptions wide = learn_on("2026-11-22");
  wide.window_days = 60;
  Result<nlohmann::ordered_json> long_run = run_learning_job(*big, wide, nullptr);
  ASSERT_TRUE(long_run.ok());
  EXPECT_EQ(long_run.value()["report"]["engagement"]["by_content_type"][0]["content_type"], demo_content_types()[0]);
  EXPECT_EQ(long_run.value()["bandits"]["content"]["recommended"], demo_content_types()[0]);
  EXPECT_GT(long_run.value()["models"]["engagement_rate"]["test"]["r2"].get<double>(), 0.3);
}

TEST(EmbeddingRows, AnIndexSavedToTheTableIsRebuiltWithTheSameItemsAndAnswers) {
  auto db = open_fresh("embeddings");
  EmbeddingStore index;
  EmbeddingTypeSpec spec;
  spec.name = "CAPTION_SMALL";
  spec.dim = 8;
  ASSERT_TRUE(index.define_type(spec).ok());
  Rng rng(9);
  std::vector<std::string> ids;
  std::vector<float> vectors;
  std::vector<nlohmann::json> metadata;
  for (int i = 0; i < 50; ++i) {
    ids.push_back("item-" + std::to_string(i));
    for (int d = 0; d < 8; ++d) vectors.push_back(static_cast<float>(sample_standard_normal(rng)));
    metadata.push_back({{"platform", i % 2 ? "tiktok" : "twitter"}});
  }
  ASSERT_TRUE(index.store_batch("CAPTION_SMALL", ids, vectors, metadata).ok());
  ASSERT_TRUE(index.remove("CAPTION_SMALL", "item-7").value());
  ASSERT_TRUE(save_embedding_rows(*db, index, "CAPTION_SMALL", "2026-01-01T00:00:00Z").ok());
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM embeddings WHERE type = 'CAPTION_SMALL'").value()[0][0]),
            49);

  EmbeddingStore rebuilt;
  spec.dim = 0;  // taken from the rows
  Result<std::size_t> loaded = load_embedding_rows(*db, rebuilt, spec);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded.value(), 49u);
  const std::vector<float> query(vectors.begin(), vectors.begin() + 8);
  SearchOptions options;
  options.k = 20;
  const auto a = index.search("CAPTION_SMALL", query, options).value();
  const auto b = rebuilt.search("CAPTION_SMALL", query, options).value();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    // Exactly the same scores (issue 18 item 6): the stored unit vectors go back in without a second normalisation.
    EXPECT_EQ(a[i].score, b[i].score);
    EXPECT_EQ(a[i].metadata, b[i].metadata);
  }
  // A row written by other software that is not unit length is still normalised on load.
  const float two[8] = {2, 0, 0, 0, 0, 0, 0, 0};
  Blob raw;
  raw.bytes.resize(32);
  std::memcpy(raw.bytes.data(), two, 32);  // little-endian float32 on every target this runs on
  ASSERT_TRUE(run_statement(*db,
                            "INSERT INTO embeddings (id, type, dim, vector) VALUES ('foreign', 'CAPTION_SMALL', 8, ?)",
                            {raw})
                  .ok());
  EmbeddingStore with_foreign;
  ASSERT_TRUE(load_embedding_rows(*db, with_foreign, spec).ok());
  SearchOptions one;
  one.k = 1;
  const auto hit = with_foreign.search("CAPTION_SMALL", {1, 0, 0, 0, 0, 0, 0, 0}, one).value();
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(hit[0].id, "foreign");
  EXPECT_NEAR(hit[0].score, 1.0, 1e-6);
  EXPECT_FALSE(rebuilt.get("CAPTION_SMALL", "item-7").ok());
  EmbeddingStore none;
  spec.name = "MISSING";
  EXPECT_EQ(load_embedding_rows(*db, none, spec).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace learnloop
