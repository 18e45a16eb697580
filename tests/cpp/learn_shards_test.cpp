// The sharded learning run (issue 17 item 4): `learn --shard i/N` for every i then `learn --merge` commits the run
// one process commits, up to float association in sums (counts, arms, statuses and row counts exactly), on a first
// run and on the next day from the stored state; and every way the partials can fail to belong together is refused
// with a message that says what to do: missing, unfinished (killed), mixed shard counts, another version, other
// settings, damaged bytes, another date.
#include <gtest/gtest.h>

#include <string>

#include "hostile_support.hpp"
#include "json_near.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/pipelines/learn_shards.hpp"
#include "learnloop/store/schema.hpp"
#include "pipelines/job_parts.hpp"
#include "pipelines/learn_partial_store.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using json_near::expect_json_near;
using json_near::without_versions;
using store_support::learn_on;
using store_support::open_fresh;

constexpr const char* kDay = "2026-11-22";

std::unique_ptr<Database> demo_db(const std::string& name) {
  auto db = open_fresh(name);
  store_support::add_demo_history(*db, "2026-11-23", 20, 30);
  return db;
}

nlohmann::ordered_json table_json(Database& db, const std::string& sql) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  const Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, sql);
  EXPECT_TRUE(rows.ok()) << sql;
  for (const auto& row : rows.value()) {
    nlohmann::ordered_json r = nlohmann::ordered_json::array();
    for (const SqlValue& v : row) {
      if (is_null(v)) {
        r.push_back(nullptr);
      } else if (const auto* d = std::get_if<double>(&v)) {
        r.push_back(*d);
      } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        r.push_back(*i);
      } else {
        // JSON text columns compared as JSON (numbers with the tolerance), other text as is.
        const std::string text = sql_text(v);
        nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text, nullptr, false);
        r.push_back(parsed.is_discarded() || !parsed.is_structured() ? nlohmann::ordered_json(text) : parsed);
      }
    }
    out.push_back(r);
  }
  return without_versions(out);
}

Result<nlohmann::ordered_json> learn_sharded(Database& db, const LearnOptions& options, std::uint32_t shards) {
  for (std::uint32_t i = 0; i < shards; ++i) {
    Result<nlohmann::ordered_json> stored = run_learning_shard(db, options, ShardSpec{i, shards}, nullptr);
    if (!stored.ok()) return stored;
    EXPECT_EQ(stored.value()["status"], "shard_stored") << stored.value().dump();
  }
  return merge_learning_shards(db, options, nullptr);
}

void expect_same_run(Database& one, Database& sharded, const nlohmann::ordered_json& a,
                     const nlohmann::ordered_json& b) {
  EXPECT_EQ(a["outcomes_read"], b["outcomes_read"]);
  EXPECT_EQ(a["new_outcomes"], b["new_outcomes"]);
  EXPECT_EQ(a["status"], b["status"]);
  nlohmann::ordered_json plain = a;
  nlohmann::ordered_json merged = b;
  merged.erase("shards");
  expect_json_near(without_versions(plain), without_versions(merged), 1e-9);
  for (const char* sql :
       {"SELECT * FROM bandit_arms ORDER BY scope, arm_name", "SELECT * FROM daily_snapshots ORDER BY snapshot_date",
        "SELECT run_date, outcomes_read, bandit_state, summary, report FROM learning_runs ORDER BY run_date",
        "SELECT * FROM meta_learning_scores ORDER BY content_id, computed_at",
        "SELECT model_id, name, kind, trained_for, train_rows, metrics, active FROM models ORDER BY model_id"}) {
    SCOPED_TRACE(sql);
    expect_json_near(table_json(one, sql), table_json(sharded, sql), 1e-9);
  }
}

TEST(LearnShards, MergedShardsCommitTheRunOneProcessCommitsOnAFirstRunAndTheNextDay) {
  for (std::uint32_t shards : {1u, 2u, 3u}) {
    SCOPED_TRACE(shards);
    auto one = demo_db("shards-one");
    auto sharded = demo_db("shards-sharded");
    for (const char* day : {"2026-11-21", kDay}) {
      SCOPED_TRACE(day);
      Result<nlohmann::ordered_json> a = run_learning_job(*one, learn_on(day), nullptr);
      ASSERT_TRUE(a.ok()) << a.error().message;
      Result<nlohmann::ordered_json> b = learn_sharded(*sharded, learn_on(day), shards);
      ASSERT_TRUE(b.ok()) << b.error().message;
      EXPECT_EQ(b.value()["shards"], shards);
      expect_same_run(*one, *sharded, a.value(), b.value());
    }
    // The merge's commit drops the partials; merging again finds the run committed.
    EXPECT_TRUE(query_rows(*sharded, "SELECT * FROM learn_partials").value().empty());
    EXPECT_TRUE(query_rows(*sharded, "SELECT * FROM learn_partial_parts").value().empty());
    Result<nlohmann::ordered_json> again = merge_learning_shards(*sharded, learn_on(kDay), nullptr);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again.value()["status"], "already_learned");
  }
}

TEST(LearnShards, AShardWhosePreviousRunIsOlderThanTheWindowReadsItsNewOutcomesApart) {
  // The previous run learned 2026-11-08: the bandits' new outcomes (from 11-09) start before the window (from 11-16),
  // so every shard reads them in a second pass of its own, as the one process does.
  auto one = demo_db("shards-apart-one");
  auto sharded = demo_db("shards-apart-sharded");
  for (const char* day : {"2026-11-08", kDay}) {
    SCOPED_TRACE(day);
    Result<nlohmann::ordered_json> a = run_learning_job(*one, learn_on(day), nullptr);
    ASSERT_TRUE(a.ok()) << a.error().message;
    Result<nlohmann::ordered_json> b = learn_sharded(*sharded, learn_on(day), 2);
    ASSERT_TRUE(b.ok()) << b.error().message;
    expect_same_run(*one, *sharded, a.value(), b.value());
    // The case is the one meant: on the second day the bandits learn from more outcomes than the window holds.
    if (std::string(day) == kDay) {
      EXPECT_GT(b.value()["new_outcomes"].get<std::int64_t>(), b.value()["outcomes_read"].get<std::int64_t>());
    }
  }
}

// The message of the merge of `day`, which must fail.
std::string merge_error(Database& db, const LearnOptions& options = learn_on(kDay)) {
  Result<nlohmann::ordered_json> merged = merge_learning_shards(db, options, nullptr);
  EXPECT_FALSE(merged.ok()) << merged.value().dump();
  return merged.ok() ? "" : merged.error().message;
}

void run_shard(Database& db, std::uint32_t index, std::uint32_t count, const LearnOptions& options = learn_on(kDay)) {
  Result<nlohmann::ordered_json> stored = run_learning_shard(db, options, ShardSpec{index, count}, nullptr);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
}

TEST(LearnShards, AMissingShardIsNamedWithTheCommandThatMakesIt) {
  auto db = demo_db("shards-missing");
  EXPECT_NE(merge_error(*db).find("no shard partials are stored for 2026-11-22"), std::string::npos);
  run_shard(*db, 0, 3);
  run_shard(*db, 2, 3);
  const std::string message = merge_error(*db);
  EXPECT_NE(message.find("shard 1/3 of 2026-11-22 is missing; run learn --shard 1/3"), std::string::npos) << message;
  // Nothing is committed by a refused merge, and the stored shards stay.
  EXPECT_TRUE(query_rows(*db, "SELECT * FROM learning_runs").value().empty());
  EXPECT_EQ(query_rows(*db, "SELECT * FROM learn_partials").value().size(), 2u);
}

TEST(LearnShards, PartialsOfAnotherDateAreNotMergedAndAreNamed) {
  auto db = demo_db("shards-dates");
  run_shard(*db, 0, 2, learn_on("2026-11-21"));
  run_shard(*db, 1, 2, learn_on("2026-11-21"));
  const std::string message = merge_error(*db);
  EXPECT_NE(message.find("no shard partials are stored for 2026-11-22"), std::string::npos) << message;
  EXPECT_NE(message.find("partials are stored for: 2026-11-21"), std::string::npos) << message;
}

TEST(LearnShards, AShardKilledMidwayIsDetectedAndItsRerunReplacesIt) {
  auto db = demo_db("shards-killed");
  run_shard(*db, 0, 2);
  // What a shard killed after it started leaves: its started row, no state.
  ASSERT_TRUE(job::mark_shard_started(*db, parse_date(kDay).value(), ShardSpec{1, 2}, "any", nlohmann::json::object(),
                                      "2026-11-23T04:00:00Z")
                  .ok());
  const std::string message = merge_error(*db);
  EXPECT_NE(message.find("shard 1/2 of 2026-11-22 started at 2026-11-23T04:00:00Z and has not finished"),
            std::string::npos)
      << message;
  run_shard(*db, 1, 2);
  Result<nlohmann::ordered_json> merged = merge_learning_shards(*db, learn_on(kDay), nullptr);
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged.value()["status"], "ok");
}

TEST(LearnShards, ShardsOfDifferentCountsVersionsOrSettingsAreRefused) {
  auto db = demo_db("shards-mixed");
  run_shard(*db, 0, 2);
  run_shard(*db, 1, 3);
  EXPECT_NE(merge_error(*db).find("different shard counts"), std::string::npos);
  run_shard(*db, 1, 2);
  ASSERT_TRUE(run_statement(*db,
                            "UPDATE learn_partials SET code_version = 'learnloop 0.1.0 partial-0' WHERE "
                            "shard_index = 1")
                  .ok());
  EXPECT_NE(merge_error(*db).find("was written by learnloop 0.1.0 partial-0"), std::string::npos);
  run_shard(*db, 1, 2);
  LearnOptions wider = learn_on(kDay);
  wider.window_days = 14;
  const std::string message = merge_error(*db, wider);
  EXPECT_NE(message.find("window, threshold, bandit options and the previous run must match"), std::string::npos)
      << message;
  ASSERT_TRUE(merge_learning_shards(*db, learn_on(kDay), nullptr).ok());
}

TEST(LearnShards, DamagedPartialsAreRefusedNotMerged) {
  auto db = demo_db("shards-damaged");
  run_shard(*db, 0, 2);
  run_shard(*db, 1, 2);
  ASSERT_TRUE(
      run_statement(*db, "UPDATE learn_partial_parts SET bytes = substr(bytes, 1, 100) WHERE shard_index = 1").ok());
  EXPECT_NE(merge_error(*db).find("a damaged partial: run the shard again"), std::string::npos);
  // Bytes of the right count whose trailer's last part length is wrong.
  run_shard(*db, 1, 2);
  ASSERT_TRUE(run_statement(*db,
                            "UPDATE learn_partial_parts SET bytes = CAST(substr(bytes, 1, length(bytes) - 8) || "
                            "X'FFFFFFFFFFFFFFFF' AS BLOB) WHERE shard_index = 1 AND part = (SELECT max(part) FROM "
                            "learn_partial_parts WHERE shard_index = 1)")
                  .ok());
  const std::string lengths = merge_error(*db);
  EXPECT_NE(lengths.find("its parts' lengths add up to"), std::string::npos) << lengths;
  ASSERT_TRUE(run_statement(*db, "UPDATE learn_partials SET state_bytes = 5 WHERE shard_index = 1").ok());
  ASSERT_TRUE(run_statement(*db, "UPDATE learn_partial_parts SET bytes = X'0102030405' WHERE shard_index = 1").ok());
  EXPECT_NE(merge_error(*db).find("is not a learnloop partial"), std::string::npos);
  run_shard(*db, 1, 2);
  EXPECT_TRUE(merge_learning_shards(*db, learn_on(kDay), nullptr).ok());
}

TEST(LearnShards, ForgettingIsRefusedBeforeAnyWorkAndOneProcessLearnsItInOrder) {
  auto db = demo_db("shards-forgetting");
  LearnOptions options = learn_on(kDay);
  options.content_bandit.discount = 0.95;
  options.timing_bandit.window = 30;
  Result<nlohmann::ordered_json> stored = run_learning_shard(*db, options, ShardSpec{0, 2}, nullptr);
  ASSERT_FALSE(stored.ok());
  EXPECT_NE(stored.error().message.find("learn this date in one process"), std::string::npos);
  // One process streams the window and replays the rewards in window order: the state update_bandits() gives on
  // the window's rows held whole.
  const DayNumber day = parse_date(kDay).value();
  Result<OutcomeRows> rows = read_outcome_rows(*db, day - options.window_days + 1, day);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::vector<const OutcomeRow*> pointers;
  for (const OutcomeRow& r : rows.value()) pointers.push_back(&r);
  Result<job::BanditState> expected =
      job::update_bandits({}, pointers, options.success_threshold, day, options.content_bandit, options.timing_bandit);
  ASSERT_TRUE(expected.ok()) << expected.error().message;
  ASSERT_TRUE(run_learning_job(*db, options, nullptr).ok());
  const Result<std::vector<std::vector<SqlValue>>> state =
      query_rows(*db, "SELECT bandit_state FROM learning_runs WHERE run_date = ?", {std::string(kDay)});
  ASSERT_TRUE(state.ok() && state.value().size() == 1);
  const nlohmann::json saved = nlohmann::json::parse(sql_text(state.value()[0][0]));
  EXPECT_EQ(saved["content"].dump(), expected.value().content.dump());
  EXPECT_EQ(saved["timing"].dump(), expected.value().timing.dump());
  EXPECT_NE(saved["content"].dump().find("0.95"), std::string::npos) << "the discount is stored with the bandit";
}

TEST(LearnShards, TheCliRefusesBadShardSpecsAndShardWithMerge) {
  hostile::ScratchDir dir("shards-cli");
  const std::string db = (dir.path() / "m.db").string();
  ASSERT_EQ(hostile::run({"init", "--db", db}).exit_code, 0);
  for (const char* bad : {"3/2", "0/0", "x"}) {
    const CliOutput out = hostile::run({"learn", "--db", db, "--date", kDay, "--shard", bad});
    EXPECT_NE(out.exit_code, 0) << bad;
    EXPECT_NE(out.err.find("--shard: shard \"" + std::string(bad) + "\""), std::string::npos) << out.err;
  }
  const CliOutput both = hostile::run({"learn", "--db", db, "--date", kDay, "--shard", "0/2", "--merge"});
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  const CliOutput records = hostile::run({"learn", "--records", "r.json", "--merge"});
  EXPECT_NE(records.err.find("--merge goes with --db"), std::string::npos) << records.err;
}

}  // namespace
}  // namespace learnloop
