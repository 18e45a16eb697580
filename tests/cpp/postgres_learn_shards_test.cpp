// The sharded learning run on PostgreSQL (issue 17 item 4: N hosts against one server run the same shards): two shards
// and a merge on the server commit the run that one process commits on a SQLite file with the same history, within the
// shards' tolerance, and the partials are gone after the merge.
#include <gtest/gtest.h>

#include "json_near.hpp"
#include "learnloop/pipelines/learn_shards.hpp"
#include "learnloop/store/schema.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

std::unique_ptr<Database> with_demo(std::unique_ptr<Database> db) {
  EXPECT_TRUE(migrate_schema(*db).ok());
  store_support::add_demo_history(*db, "2026-11-23", 12, 20);
  return db;
}

TEST(PostgresLearnShards, TwoShardsAndAMergeOnTheServerCommitTheOneProcessRun) {
  LEARNLOOP_REQUIRE_POSTGRES();
  auto pg = with_demo(pg_support::connect(pg_support::fresh_database("ll_learn_shards")));
  Result<std::unique_ptr<Database>> file = native::open_sqlite_database(store_support::temp_db("pg-shards-one"), true);
  ASSERT_TRUE(file.ok());
  auto one = with_demo(std::move(file).value());
  const LearnOptions options = store_support::learn_on("2026-11-22");
  Result<nlohmann::ordered_json> single = run_learning_job(*one, options, nullptr);
  ASSERT_TRUE(single.ok()) << single.error().message;
  for (std::uint32_t i = 0; i < 2; ++i) {
    Result<nlohmann::ordered_json> stored = run_learning_shard(*pg, options, ShardSpec{i, 2}, nullptr);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
  }
  Result<nlohmann::ordered_json> merged = merge_learning_shards(*pg, options, nullptr);
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged.value()["outcomes_read"], single.value()["outcomes_read"]);
  EXPECT_EQ(merged.value()["new_outcomes"], single.value()["new_outcomes"]);
  json_near::expect_json_near(json_near::without_versions(merged.value()["report"]),
                              json_near::without_versions(single.value()["report"]), 1e-9);
  json_near::expect_json_near(merged.value()["bandits"], single.value()["bandits"], 1e-9);
  json_near::expect_json_near(merged.value()["snapshot"], single.value()["snapshot"], 1e-9);
  EXPECT_EQ(sql_number(query_rows(*pg, "SELECT count(*) FROM learn_partials").value()[0][0]), 0);
  EXPECT_EQ(sql_number(query_rows(*pg, "SELECT count(*) FROM learn_partial_parts").value()[0][0]), 0);
  EXPECT_EQ(sql_number(query_rows(*pg, "SELECT count(*) FROM meta_learning_scores").value()[0][0]),
            sql_number(query_rows(*one, "SELECT count(*) FROM meta_learning_scores").value()[0][0]));
}

}  // namespace
}  // namespace learnloop
