// Content analytics on the native backend against tests/golden/content/ (figures computed in
// plain Python by generate.py): best time to post, retention-cluster features, virality components
// and score, the meta-learning scores the learning job writes (idempotently), bad input, and the
// demo database giving meaningful answers (brand alignment from caption embeddings).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden.hpp"
#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/clear_finding.hpp"
#include "learnloop/analytics/learning_report.hpp"
#include "learnloop/analytics/meta_partial.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/pipelines/demo_history.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/store/window_stream.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

using testing::close;
using testing::load_golden;

std::unique_ptr<Database> fresh(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-content-test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / (name + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::unique_ptr<Database> db = std::move(native::open_sqlite_database(path, true)).value();
  EXPECT_TRUE(migrate_schema(*db).ok());
  return db;
}

std::unique_ptr<Database> golden_db(const std::string& name) {
  std::unique_ptr<Database> db = fresh(name);
  for (const char* table : {"content_metadata", "outcomes", "retention_metrics"}) {
    std::ifstream in(std::string(LEARNLOOP_GOLDEN_DIR) + "/content/" + table + ".csv");
    std::stringstream text;
    text << in.rdbuf();
    IngestOptions options;
    options.table = table;
    Result<IngestResult> r = ingest_text(*db, text.str(), options, nullptr);
    EXPECT_TRUE(r.ok()) << table << ": " << (r.ok() ? "" : r.error().message);
  }
  return db;
}

const nlohmann::ordered_json& expected() {
  static const nlohmann::ordered_json e = nlohmann::ordered_json::parse(load_golden("content/expected.json").dump());
  return e;
}

std::string count_rows(Database& db, const std::string& sql) { return sql_text(query_rows(db, sql).value()[0][0]); }

TEST(BestTime, MatchesTheIndependentlyComputedHoursDaysAndRates) {
  auto db = golden_db("besttime");
  for (const auto& [platform, want] : expected()["best_time"].items()) {
    BestTimeOptions options;
    options.platform = platform;
    Result<nlohmann::ordered_json> got = best_time_to_post(*db, options);
    ASSERT_TRUE(got.ok()) << got.error().message;
    const auto& g = got.value();
    EXPECT_EQ(g["status"], want["status"]) << platform;
    EXPECT_EQ(g["sample_size"], want["sample_size"]) << platform;
    EXPECT_EQ(g["best_hours"], want["best_hours"]) << platform;
    EXPECT_EQ(g["best_days"], want["best_days"]) << platform;
    ASSERT_EQ(g["hourly_posts"].size(), want["hourly_posts"].size()) << platform;
    for (const auto& [h, n] : want["hourly_posts"].items()) EXPECT_EQ(g["hourly_posts"][h], n) << platform << " " << h;
    ASSERT_EQ(g["hourly_performance"].size(), want["hourly_performance"].size());
    for (const auto& [h, rate] : want["hourly_performance"].items())
      EXPECT_TRUE(close(g["hourly_performance"][h].get<double>(), rate.get<double>(), 1e-6)) << platform << " " << h;
    for (const auto& [d, rate] : want["daily_performance"].items())
      EXPECT_TRUE(close(g["daily_performance"][d].get<double>(), rate.get<double>(), 1e-6)) << platform << " " << d;
    for (const auto& [d, posts] : want["weekday_hour_posts"].items())
      EXPECT_EQ(g["weekday_hour_posts"][d], posts) << platform << " " << d;
    for (const auto& [d, cells] : want["weekday_hour_performance"].items()) {
      for (std::size_t h = 0; h < 24; ++h) {
        const auto& got_cell = g["weekday_hour_performance"][d][h];
        if (cells[h].is_null())
          EXPECT_TRUE(got_cell.is_null()) << platform << " " << d << " " << h;
        else
          EXPECT_TRUE(close(got_cell.get<double>(), cells[h].get<double>(), 1e-6)) << platform << " " << d << " " << h;
      }
    }
    if (want["status"] == "ok") {
      // No learning run yet: no timing bandit, so the confidence is the bootstrap's.
      EXPECT_EQ(g["method"], "bootstrap");
      EXPECT_GE(g["confidence"].get<double>(), 0.0);
      EXPECT_LE(g["confidence"].get<double>(), 1.0);
      EXPECT_EQ(g["window"]["to"], expected()["end"]);
    } else {
      EXPECT_TRUE(g["confidence"].is_null());
      EXPECT_NE(g["message"].get<std::string>().find("platforms with data: instagram, tiktok, twitter"),
                std::string::npos)
          << g["message"];
    }
  }
}

TEST(BestTime, UsesTheTimingBanditPosteriorOnceTheLearningJobRanAndIsSeeded) {
  auto db = golden_db("besttime-bandit");
  LearnOptions learn;
  learn.date = expected()["end"];
  learn.window_days = 28;
  ASSERT_TRUE(run_learning_job(*db, learn, nullptr).ok());
  BestTimeOptions options;
  options.platform = "tiktok";
  const nlohmann::ordered_json a = best_time_to_post(*db, options).value();
  EXPECT_EQ(a["method"], "timing_bandit_posterior");
  EXPECT_EQ(a["confidence"], a["confidence_by_method"]["timing_bandit_posterior"]);
  EXPECT_FALSE(a["confidence_by_method"]["bootstrap"].is_null());
  EXPECT_EQ(best_time_to_post(*db, options).value().dump(), a.dump());
  options.seed = 5;
  EXPECT_EQ(best_time_to_post(*db, options).value()["best_hours"], a["best_hours"]);
}

TEST(BestTime, EmptyHistoryIsAnAnswerAndBadOptionsAreErrors) {
  auto db = fresh("besttime-empty");
  BestTimeOptions options;
  options.platform = "tiktok";
  Result<nlohmann::ordered_json> empty = best_time_to_post(*db, options);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value()["status"], "not_enough_data");
  EXPECT_EQ(empty.value()["sample_size"], 0);
  EXPECT_NE(empty.value()["message"].get<std::string>().find("no outcomes"), std::string::npos);
  options.platform = "";
  EXPECT_NE(best_time_to_post(*db, options).error().message.find("missing platform"), std::string::npos);
  options.platform = "tiktok";
  options.days = 0;
  EXPECT_NE(best_time_to_post(*db, options).error().message.find("days must be in [1, 3660]"), std::string::npos);
  options.days = 28;
  options.date = "2026-02-30";
  EXPECT_FALSE(best_time_to_post(*db, options).ok());
}

TEST(RetentionClusters, TheReportNamesEachClustersFeaturesWithTheirLift) {
  auto db = golden_db("clusters");
  Result<nlohmann::ordered_json> report = learning_report_for(*db, expected()["end"], 7);
  ASSERT_TRUE(report.ok());
  const auto& clusters = report.value()["retention"]["clusters"];
  for (const char* name : {"high", "medium", "low"}) {
    const auto& want = expected()["clusters"][name];
    const auto& got = clusters[name];
    EXPECT_EQ(got["content"], want["content"]) << name;
    for (const auto& [feature, values] : want["features"].items()) {
      ASSERT_EQ(got["features"][feature].size(), values.size()) << name << " " << feature;
      for (const auto& v : got["features"][feature]) {
        const auto& w = values[v["value"].get<std::string>()];
        EXPECT_EQ(v["content"], w["content"]);
        EXPECT_TRUE(close(v["share"].get<double>(), w["share"].get<double>(), 1e-4));
        EXPECT_TRUE(close(v["lift"].get<double>(), w["lift"].get<double>(), 1e-4))
            << name << " " << feature << " " << v;
      }
    }
    for (const auto& c : got["common_features"]) {
      EXPECT_GE(c["content"].get<int>(), 3);
      EXPECT_GE(c["lift"].get<double>(), 1.1);
    }
  }
}

TEST(Virality, ComponentsScoreAndIntervalsMatchTheIndependentComputation) {
  auto db = golden_db("virality");
  ViralityOptions options;
  options.date = expected()["end"];
  options.days = expected()["virality"]["days"];
  for (const auto& c : expected()["virality"]["cases"]) {
    Result<nlohmann::ordered_json> got = predict_virality(*db, c["content"], options);
    ASSERT_TRUE(got.ok()) << got.error().message;
    const auto& g = got.value();
    ASSERT_EQ(g["status"], "ok");
    EXPECT_EQ(g["weights_source"], "fixed") << g["weights_reason"];
    for (const auto& [name, value] : c["components"].items())
      EXPECT_TRUE(close(g["components"][name]["value"].get<double>(), value.get<double>(), 1e-4))
          << name << " " << g["components"][name];
    EXPECT_NEAR(g["virality_score"].get<double>(), c["virality_score"].get<double>(), 0.006);
    EXPECT_NEAR(g["predicted_views"]["value"].get<double>(), c["predicted_views"][0].get<double>(), 0.5);
    EXPECT_NEAR(g["predicted_views"]["lower"].get<double>(), c["predicted_views"][1].get<double>(), 0.5);
    EXPECT_NEAR(g["predicted_views"]["upper"].get<double>(), c["predicted_views"][2].get<double>(), 0.5);
    EXPECT_NEAR(g["predicted_engagement_rate"]["value"].get<double>(), c["predicted_engagement_rate"][0].get<double>(),
                1e-6);
    EXPECT_NEAR(g["predicted_engagement_rate"]["lower"].get<double>(), c["predicted_engagement_rate"][1].get<double>(),
                1e-6);
    EXPECT_NEAR(g["predicted_engagement_rate"]["upper"].get<double>(), c["predicted_engagement_rate"][2].get<double>(),
                1e-6);
    EXPECT_EQ(g["contributing_factors"].size(), 4u);
    EXPECT_FALSE(g["recommendations"]["optimal_hour_utc"].is_null());
  }
  // The sample with an aesthetic score lists it as unused rather than pretending to use it.
  const nlohmann::ordered_json first =
      predict_virality(*db, expected()["virality"]["cases"][0]["content"], options).value();
  EXPECT_EQ(first["unused_fields"], nlohmann::ordered_json::array({"aesthetic_score"}));
}

TEST(Virality, BadContentIsAClearErrorAndEmptyHistoryAnAnswer) {
  auto db = fresh("virality-bad");
  const std::vector<std::pair<nlohmann::json, std::string>> bad = {
      {nlohmann::json::array(), "must be a JSON object"},
      {{{"quality_score", 0.5}}, "no platform"},
      {{{"platform", "tiktok"}}, "no quality_score"},
      {{{"platform", "tiktok"}, {"quality_score", 1.5}}, "quality_score is 1.5; expected a number in [0, 1]"},
      {{{"platform", "tiktok"}, {"quality_score", 0.5}, {"posted_hour", 24}}, "posted_hour is 24"},
      {{{"platform", 3}, {"quality_score", 0.5}}, "platform must be a string"},
      {{{"platform", "tiktok"}, {"quality_score", 0.5}, {"duration_seconds", -3}}, "duration_seconds is -3"},
  };
  for (const auto& [content, says] : bad) {
    Result<nlohmann::ordered_json> r = predict_virality(*db, content, {});
    ASSERT_FALSE(r.ok()) << content;
    EXPECT_NE(r.error().message.find(says), std::string::npos) << r.error().message;
  }
  Result<nlohmann::ordered_json> empty = predict_virality(*db, {{"platform", "tiktok"}, {"quality_score", 0.5}}, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value()["status"], "not_enough_data");
  EXPECT_EQ(empty.value()["sample_size"], 0);
}

TEST(MetaScores, TheLearningJobWritesThemOnceAndTheyMatchTheIndependentComputation) {
  auto db = golden_db("meta");
  LearnOptions learn;
  learn.date = expected()["end"];
  ASSERT_TRUE(run_learning_job(*db, learn, nullptr).ok());
  ASSERT_TRUE(run_learning_job(*db, learn, nullptr).ok());  // a rerun replaces, never duplicates
  EXPECT_EQ(count_rows(*db, "SELECT count(*) FROM meta_learning_scores"),
            std::to_string(expected()["meta_scores"]["count"].get<int>()));
  Result<nlohmann::ordered_json> read = read_meta_scores(*db, "");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read.value()["date"], expected()["end"]);
  const auto& want = expected()["meta_scores"]["scores"];
  ASSERT_EQ(read.value()["scores"].size(), want.size());
  for (const auto& s : read.value()["scores"]) {
    const auto& w = want[s["content_id"].get<std::string>()];
    for (const char* k : {"retention_score", "engagement_score", "overall_score"})
      EXPECT_TRUE(close(s[k].get<double>(), w[k].get<double>(), 1e-6)) << s["content_id"] << " " << k;
    EXPECT_NEAR(s["virality_score"].get<double>(), w["virality_score"].get<double>(), 1e-4) << s["content_id"];
    EXPECT_TRUE(s["brand_alignment_score"].is_null());
    EXPECT_EQ(s["factors"]["brand_alignment_method"].get<std::string>().rfind("none: 0 of 84 items", 0), 0u);
  }
  EXPECT_EQ(read_meta_scores(*db, "2026-01-01").value()["count"], 0);
  EXPECT_FALSE(read_meta_scores(*db, "yesterday").ok());
}

TEST(MetaScores, TwoShardPartialsOfTheDemoWindowScoreAsTheSingleProcess) {
  auto db = fresh("demo-shards");
  DemoSpec spec;
  spec.end_date = "2026-11-22";
  spec.days = 30;
  ASSERT_TRUE(generate_demo_history(*db, spec, nullptr).ok());
  const DayNumber day = parse_date(spec.end_date, "date").value(), from = day - 27;
  const OutcomeRows rows = read_outcome_rows(*db, from, day).value();
  const std::vector<RetentionRow> retention = read_retention_rows(*db, from, day).value();
  const CaptionEmbeddings captions = read_caption_embeddings(*db, from, day).value();
  std::vector<std::string> ids = read_caption_ids(*db, from, day).value();
  std::sort(ids.begin(), ids.end());
  ASSERT_EQ(ids.size(), captions.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], captions[i].first);
  const MetaScores single =
      compute_meta_scores(rows, retention, captions, [day](const OutcomeRow& r) { return r.collected_day == day; });
  std::vector<MetaPartial> shards;
  const std::vector<double> rates = read_day_rates(*db, day).value();
  for (int s = 0; s < 2; ++s) shards.emplace_back(day, rates, ids);
  for (const OutcomeRow& r : rows) shards[shard_of(r.decision_id, 2)].add(r);
  EXPECT_EQ(shards[0].problem(), "");
  ASSERT_TRUE(shards[0].merge(std::move(shards[1])).ok());
  const MetaScores merged = shards[0].finish(retention, captions);
  ASSERT_EQ(merged.items.size(), 24u);
  ASSERT_EQ(merged.items.size(), single.items.size());
  EXPECT_EQ(merged.brand_alignment_method, single.brand_alignment_method);
  for (std::size_t i = 0; i < single.items.size(); ++i) {
    const nlohmann::json a = nlohmann::json::parse(meta_factors_json(merged, i));
    const nlohmann::json b = nlohmann::json::parse(meta_factors_json(single, i));
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (it->is_number_float()) {
        EXPECT_NEAR(a[it.key()].get<double>(), it->get<double>(), 1e-9) << it.key();
      } else {
        EXPECT_EQ(a[it.key()], *it) << it.key();
      }
    }
    EXPECT_EQ(merged.items[i].brand_alignment(), single.items[i].brand_alignment());
    EXPECT_EQ(merged.items[i].engagement(), single.items[i].engagement());
    EXPECT_NEAR(*merged.items[i].virality(), *single.items[i].virality(), 1e-9);
  }
}

TEST(ContentAnalytics, TheDemoDatabaseGivesMeaningfulAnswers) {
  auto db = fresh("demo");
  DemoSpec spec;
  spec.end_date = "2026-11-22";
  spec.days = 30;
  ASSERT_TRUE(generate_demo_history(*db, spec, nullptr).ok());
  EXPECT_EQ(count_rows(*db, "SELECT count(*) FROM content_metadata WHERE duration_seconds IS NULL"), "0");
  LearnOptions learn;
  learn.date = spec.end_date;
  ASSERT_TRUE(run_learning_job(*db, learn, nullptr).ok());
  const nlohmann::ordered_json scores = read_meta_scores(*db, spec.end_date).value();
  EXPECT_EQ(scores["count"], 24);  // the day's 24 posts, scored against the 168 of the window
  std::size_t branded = 0;
  for (const auto& s : scores["scores"]) branded += !s["brand_alignment_score"].is_null();
  EXPECT_EQ(branded, 24u);
  BestTimeOptions bt;
  bt.platform = "tiktok";
  const nlohmann::ordered_json best = best_time_to_post(*db, bt).value();
  EXPECT_EQ(best["status"], "ok");
  EXPECT_EQ(best["best_hours"].size(), 3u);
  // The demo's hour effect peaks at 14:00 and 20:00 UTC and is lowest early.
  for (const auto& h : best["best_hours"]) EXPECT_GE(h.get<int>(), 10) << best;
  const nlohmann::ordered_json v = predict_virality(*db,
                                                    {{"platform", "tiktok"},
                                                     {"content_type", "educational_thread"},
                                                     {"hook_type", "story"},
                                                     {"quality_score", 0.9},
                                                     {"duration_seconds", 20},
                                                     {"posted_hour", 14}},
                                                    {})
                                       .value();
  const nlohmann::ordered_json weak = predict_virality(*db,
                                                       {{"platform", "linkedin"},
                                                        {"content_type", "question_reply"},
                                                        {"hook_type", "list"},
                                                        {"quality_score", 0.3},
                                                        {"duration_seconds", 200},
                                                        {"posted_hour", 6}},
                                                       {})
                                          .value();
  EXPECT_GT(v["virality_score"].get<double>(), weak["virality_score"].get<double>() + 20)
      << v["virality_score"] << " " << weak["virality_score"];
  EXPECT_TRUE(v["recommendations"]["boost_recommended"].get<bool>());
  EXPECT_FALSE(weak["recommendations"]["boost_recommended"].get<bool>());
  EXPECT_NE(v["weights_reason"].get<std::string>(), "");
  // Another platform is suggested only as a finding against the planned one, and says its chance.
  for (const nlohmann::ordered_json* p : {&v, &weak}) {
    const nlohmann::ordered_json& rec = (*p)["recommendations"];
    std::string suggestion;
    for (const auto& a : rec["actions"])
      if (a.get<std::string>().rfind("Consider ", 0) == 0) suggestion = a.get<std::string>();
    const bool clear =
        rec["best_platform_chance"].is_number() && rec["best_platform_chance"].get<double>() >= kClearFindingChance;
    EXPECT_EQ(!suggestion.empty(), clear) << rec;
    if (clear) {
      EXPECT_NE(suggestion.find("% probability"), std::string::npos) << suggestion;
    }
  }
}

}  // namespace
}  // namespace learnloop
