// The ads analytics (spec 004): budget Monte Carlo, creative fatigue and EMQ against the golden
// vectors written by tests/golden/ads/generate.py (an independent Python reading), their bad-input
// errors, the creative_metrics table (ingest, demo history) and the three CLI commands.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/file_host.hpp"
#include "golden.hpp"
#include "learnloop/analytics/budget_simulator.hpp"
#include "learnloop/analytics/creative_fatigue.hpp"
#include "learnloop/analytics/data_quality.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/pipelines/demo_history.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

using testing::close;
using testing::load_golden;

std::string temp_path(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-ads-test";
  std::filesystem::create_directories(dir);
  const std::string p = (dir / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
  return p;
}

std::unique_ptr<Database> fresh_db(const std::string& name) {
  Result<std::unique_ptr<Database>> db = native::open_sqlite_database(temp_path(name + ".db"), true);
  EXPECT_TRUE(db.ok());
  std::unique_ptr<Database> out = std::move(db).value();
  EXPECT_TRUE(migrate_schema(*out).ok());
  return out;
}

CliOutput run(const std::vector<std::string>& args) {
  native::FileHost host(stderr);
  return run_cli(args, host);
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

void expect_close_json(const nlohmann::json& actual, const nlohmann::json& expected, double tol,
                       const std::string& where) {
  if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << where << ": " << actual.dump();
    EXPECT_TRUE(close(actual.get<double>(), expected.get<double>(), tol))
        << where << ": " << actual << " vs " << expected;
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array() && actual.size() == expected.size()) << where << ": " << actual.dump();
    for (std::size_t i = 0; i < expected.size(); ++i)
      expect_close_json(actual[i], expected[i], tol, where + "[" + std::to_string(i) + "]");
  } else if (expected.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      ASSERT_TRUE(actual.contains(k)) << where << ": no " << k;
      expect_close_json(actual[k], v, tol, where + "." + k);
    }
  } else {
    EXPECT_EQ(actual, expected) << where;
  }
}

// ------------------------------------------------------------------ budget simulator

TEST(BudgetSimulator, MatchesTheIndependentGolden) {
  const nlohmann::json g = load_golden("ads/budget.json");
  Result<BudgetSimulationSpec> spec = budget_spec_from_json(g["request"]);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  spec.value().seed = g["seed"].get<std::uint64_t>();
  spec.value().iterations = g["iterations"].get<std::uint64_t>();
  Result<nlohmann::ordered_json> r = simulate_budget(spec.value());
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_close_json(nlohmann::json::parse(r.value().dump()), g["expected"], g["tolerance"].get<double>(), "budget");
  EXPECT_EQ(r.value()["campaign_id"], 123);
  EXPECT_EQ(r.value()["iterations"], 1000);
}

TEST(BudgetSimulator, IsSeededDiminishingAndHonestAboutUncertainty) {
  nlohmann::json req = load_golden("ads/budget.json")["request"];
  BudgetSimulationSpec spec = budget_spec_from_json(req).value();
  spec.seed = 3;
  const std::string a = simulate_budget(spec).value().dump();
  EXPECT_EQ(a, simulate_budget(spec).value().dump());
  spec.seed = 4;
  EXPECT_NE(a, simulate_budget(spec).value().dump());
  const nlohmann::ordered_json r = simulate_budget(spec).value();
  // ROAS falls as the budget grows (exponent < 1); the interval widens with the size of the move.
  EXPECT_GT(r["scenarios"][1]["roas"].get<double>(), r["scenarios"][0]["roas"].get<double>());
  EXPECT_GT(r["scenarios"][0]["roas"].get<double>(), r["scenarios"][2]["roas"].get<double>());
  EXPECT_EQ(r["scenarios"][3]["spend"], 0.0);
  EXPECT_TRUE(r["scenarios"][3]["roas"].is_null());
  EXPECT_TRUE(r["scenarios"][4]["marginal_roas"].is_null());
  const auto width = [&](int i) {
    return r["scenarios"][i]["confidence_interval"][1].get<double>() -
           r["scenarios"][i]["confidence_interval"][0].get<double>();
  };
  EXPECT_GT(width(2), width(0));
  // The campaign form: conversions = budget / cpc * cvr, revenue = conversions * aov.
  req.erase("baseline");
  req["campaign"] = {{"cpc", 1.25}, {"conversion_rate", 0.05}, {"avg_order_value", 80}};
  const nlohmann::ordered_json c = simulate_budget(budget_spec_from_json(req).value()).value();
  EXPECT_EQ(c["baseline"]["conversions"], 400.0);
  EXPECT_EQ(c["baseline"]["revenue"], 32000.0);
}

TEST(BudgetSimulator, BadInputGivesAClearError) {
  const nlohmann::json good = load_golden("ads/budget.json")["request"];
  const auto message = [&](const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json req = good;
    change(req);
    Result<BudgetSimulationSpec> spec = budget_spec_from_json(req);
    if (!spec.ok()) return spec.error().message;
    Result<nlohmann::ordered_json> r = simulate_budget(spec.value());
    return r.ok() ? std::string("ok") : r.error().message;
  };
  EXPECT_NE(message([](nlohmann::json& r) { r["base_budget"] = -5; }).find("expected a budget > 0"), std::string::npos);
  EXPECT_NE(message([](nlohmann::json& r) { r.erase("base_budget"); }).find("base_budget"), std::string::npos);
  EXPECT_NE(
      message([](nlohmann::json& r) { r["scenarios"][0]["budget_change_percent"] = -150; }).find("expected >= -100"),
      std::string::npos);
  EXPECT_NE(message([](nlohmann::json& r) { r["scenarios"] = nlohmann::json::array(); }).find("non-empty array"),
            std::string::npos);
  EXPECT_NE(message([](nlohmann::json& r) { r["simulations"] = 0; }).find("simulations"), std::string::npos);
  EXPECT_NE(message([](nlohmann::json& r) { r["campaign"] = {{"cpc", 1}}; }).find("exactly one"), std::string::npos);
  EXPECT_NE(message([](nlohmann::json& r) { r["baseline"]["revenue"] = "lots"; }).find("revenue"), std::string::npos);
  EXPECT_EQ(message([](nlohmann::json&) {}), "ok");
}

// ------------------------------------------------------------------ creative fatigue

TEST(CreativeFatigue, MatchesTheIndependentGolden) {
  const nlohmann::json g = load_golden("ads/fatigue.json");
  const double tol = g["tolerance"].get<double>();
  for (const auto& c : g["cases"]) {
    const std::string name = c["name"].get<std::string>();
    Result<CreativeHistory> h = creative_history_from_json(c["history"]);
    ASSERT_TRUE(h.ok()) << name << ": " << h.error().message;
    const nlohmann::json r = nlohmann::json::parse(
        score_creative_fatigue(h.value(), parse_date(c["as_of"].get<std::string>()).value()).dump());
    const nlohmann::json& e = c["expected"];
    EXPECT_EQ(r["status"], e["status"]) << name;
    EXPECT_EQ(r["sample_size"], e["sample_size"]) << name;
    if (e["status"] != "ok") {
      EXPECT_NE(r["message"].get<std::string>().find("not enough data"), std::string::npos) << name;
      continue;
    }
    expect_close_json(r["fatigue_score"], e["fatigue_score"], tol, name);
    EXPECT_EQ(r["fatigue_level"], e["fatigue_level"]) << name;
    expect_close_json(r["components"]["age"]["score"], e["age_score"], tol, name + " age");
    expect_close_json(r["components"]["ctr_decay"]["score"], e["ctr_score"], tol, name + " ctr");
    expect_close_json(r["components"]["frequency"]["score"], e["frequency_score"], tol, name + " frequency");
    expect_close_json(r["components"]["engagement_decay"]["score"], e["engagement_score"], tol, name + " engagement");
    EXPECT_EQ(r["days_until_critical"], e["days_until_critical"]) << name;
    EXPECT_EQ(r["critical_outlook"], e["critical_outlook"]) << name;
    expect_close_json(r["trend"]["slope_per_day"], e["slope_per_day"], tol, name + " slope");
    if (r["fatigue_level"] == "low")
      EXPECT_TRUE(r["suggested_actions"].empty()) << name;
    else
      EXPECT_FALSE(r["suggested_actions"].empty()) << name;
  }
}

TEST(CreativeFatigue, BadRecordsNameTheRecordAndField) {
  const auto message = [](const char* text) {
    Result<CreativeHistory> h = creative_history_from_json(nlohmann::json::parse(text));
    return h.ok() ? std::string("ok") : h.error().message;
  };
  EXPECT_EQ(message(R"([{"metric_date":"2026-11-01","impressions":10,"clicks":20}])"),
            "record 1: clicks (20) exceed impressions (10)");
  EXPECT_NE(message(R"([{"metric_date":"2026-13-01","impressions":10,"clicks":2}])").find("record 1 metric_date"),
            std::string::npos);
  EXPECT_NE(message(R"([{"metric_date":"2026-11-01","clicks":2}])").find("\"impressions\" is missing"),
            std::string::npos);
  EXPECT_NE(message(R"([{"metric_date":"2026-11-01","impressions":-1,"clicks":0}])").find("expected a number >= 0"),
            std::string::npos);
  EXPECT_NE(
      message(
          R"([{"metric_date":"2026-11-01","impressions":5,"clicks":0},{"metric_date":"2026-11-01","impressions":5,"clicks":0}])")
          .find("two records"),
      std::string::npos);
  EXPECT_NE(message(R"({"a":1})").find("array"), std::string::npos);
}

// ------------------------------------------------------------------ EMQ

TEST(Emq, MatchesTheIndependentGoldenOnBothPlatforms) {
  const nlohmann::json g = load_golden("ads/emq.json");
  for (const char* platform : {"meta", "google"}) {
    Result<nlohmann::ordered_json> result = analyze_event_quality_batch(g["jsonl"].get<std::string>(), platform);
    ASSERT_TRUE(result.ok()) << result.error().message;
    const nlohmann::json out = nlohmann::json::parse(result.value().dump());
    const nlohmann::json& e = g[platform];
    ASSERT_EQ(out["events"].size(), e["events"].size()) << platform;
    for (std::size_t i = 0; i < e["events"].size(); ++i) {
      const auto& got = out["events"][i];
      const auto& want = e["events"][i];
      EXPECT_EQ(got["line"], want["line"]);
      EXPECT_EQ(got["score"].get<double>(), want["score"].get<double>()) << platform << " line " << want["line"];
      EXPECT_EQ(got["level"], want["level"]);
      EXPECT_EQ(nlohmann::json(got["missing_fields"]), want["missing_fields"]) << platform << " line " << want["line"];
      std::vector<std::string> invalid;
      for (const auto& f : got["invalid_fields"]) invalid.push_back(f["field"]);
      EXPECT_EQ(nlohmann::json(invalid), want["invalid_fields"]) << platform << " line " << want["line"];
    }
    EXPECT_EQ(out["summary"]["mean_score"].get<double>(), e["mean_score"].get<double>());
    std::vector<int> malformed;
    for (const auto& m : out["malformed"]) malformed.push_back(m["line"]);
    EXPECT_EQ(nlohmann::json(malformed), e["malformed_lines"]);
    expect_close_json(out["summary"]["field_coverage"], e["field_coverage"], 1e-12, platform);
  }
}

TEST(Emq, UnknownPlatformAndNoEventsAreClearErrors) {
  Result<nlohmann::ordered_json> unknown = analyze_event_quality_batch("{}\n", "tiktok");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown platform 'tiktok'; expected meta or google");
  Result<nlohmann::ordered_json> none = analyze_event_quality_batch("not json\n\n", "meta");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no events to score"), std::string::npos);
  EXPECT_NE(none.error().message.find("line 1"), std::string::npos);
  Result<nlohmann::ordered_json> one = analyze_event_quality(nlohmann::json::parse(R"({"email":"a@b.co"})"), "meta");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.value()["score"], 25.0);
  EXPECT_EQ(one.value()["level"], "poor");
  EXPECT_EQ(one.value()["recommendations"].size(), 5u);
}

// ------------------------------------------------------------------ store, demo and CLI

TEST(CreativeMetrics, IngestScoreAndTheCliAgree) {
  auto db = fresh_db("ingest");
  const nlohmann::json g = load_golden("ads/fatigue.json");
  std::string jsonl;
  for (const auto& c : g["cases"]) {
    if (c["as_of"] != "2026-11-22") continue;
    for (const auto& r : c["history"]) jsonl += r.dump() + "\n";
  }
  IngestOptions options;
  options.table = "creative_metrics";
  options.format = "jsonl";
  Result<IngestResult> done = ingest_text(*db, jsonl, options, nullptr);
  ASSERT_TRUE(done.ok()) << done.error().message;
  Result<nlohmann::ordered_json> report = creative_fatigue_report(*db, "");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report.value()["date"], "2026-11-22");
  EXPECT_EQ(report.value()["creatives"], 5);
  EXPECT_EQ(report.value()["results"][0]["creative_id"], "cr-a");  // most fatigued first
  EXPECT_EQ(report.value()["results"][4]["status"], "not_enough_data");
  EXPECT_EQ(report.value()["levels"]["critical"], 1);
  // A bad row (clicks above impressions) is refused and nothing is written.
  options.format = "csv";
  Result<IngestResult> bad = ingest_text(
      *db, "creative_id,metric_date,impressions,clicks\nx,2026-11-23,5,9\ny,2026-11-23,5,1\n", options, nullptr);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(read_metrics(*db, "creative_metrics", {"x", "", "", "", 0}).value().size(), 0u);
  EXPECT_EQ(read_metrics(*db, "creative_metrics", {"cr-a", "", "2026-11-20", "", 0}).value().size(), 3u);
}

TEST(CreativeMetrics, TheDemoWritesCreativesThatWearOutAndFreshOnes) {
  const std::string path = temp_path("demo.db");
  CliOutput demo = run({"demo", "--db", path, "--date", "2026-11-22", "--days", "60"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  CliOutput a = run({"fatigue", "--db", path, "--json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const nlohmann::json r = nlohmann::json::parse(a.out);
  EXPECT_EQ(r["creatives"], 12);
  EXPECT_GE(r["levels"]["critical"].get<int>() + r["levels"]["high"].get<int>(), 2) << a.out;
  EXPECT_GE(r["levels"]["low"].get<int>(), 2) << a.out;
  CliOutput b = run({"fatigue", "--db", path, "--date", "2026-11-22", "--json"});
  EXPECT_EQ(a.out, b.out);
  CliOutput text = run({"fatigue", "--db", path});
  EXPECT_NE(text.out.find("creative fatigue as of 2026-11-22 (12 creatives"), std::string::npos) << text.out;
  CliOutput bad = run({"fatigue", "--db", path, "--date", "2026-02-30"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(AdsCli, SimulateBudgetAndEmqFromFiles) {
  const nlohmann::json g = load_golden("ads/budget.json");
  const std::string scenario = temp_path("scenario.json");
  write_file(scenario, g["request"].dump());
  CliOutput out = run({"simulate-budget", "--scenario", scenario, "--seed", "7", "--json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  expect_close_json(nlohmann::json::parse(out.out), g["expected"], 1e-4, "cli");
  CliOutput zero = run({"simulate-budget", "--scenario", scenario, "--iterations", "0"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_EQ(zero.err, "learnloop: error: --iterations is 0; expected a whole number >= 1 such as 1000\n");
  nlohmann::json negative = g["request"];
  negative["base_budget"] = -1;
  write_file(scenario, negative.dump());
  CliOutput neg = run({"simulate-budget", "--scenario", scenario});
  EXPECT_EQ(neg.exit_code, 2);
  EXPECT_NE(neg.err.find("base_budget\" is -1; expected a budget > 0"), std::string::npos) << neg.err;

  const std::string events = temp_path("events.jsonl");
  write_file(events, load_golden("ads/emq.json")["jsonl"].get<std::string>());
  CliOutput emq = run({"emq", "--events", events, "--platform", "google", "--json"});
  ASSERT_EQ(emq.exit_code, 0) << emq.err;
  EXPECT_EQ(nlohmann::json::parse(emq.out)["summary"]["malformed_lines"], 2);
  CliOutput bare_first = run({"emq", events, "--platform", "google", "--json"});  // the file right after the command
  EXPECT_EQ(bare_first.out, emq.out) << bare_first.err;
  CliOutput text = run({"emq", "--events", events});
  EXPECT_NE(text.out.find("  line 6: "), std::string::npos) << text.out;
  CliOutput platform = run({"emq", "--platform", "bing", events});
  EXPECT_EQ(platform.err, "learnloop: error: --platform: unknown platform 'bing'; expected meta or google\n");
}

}  // namespace
}  // namespace learnloop
