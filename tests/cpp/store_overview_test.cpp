// store_overview(): counts, the days of the outcomes and the latest run, on an empty database and
// on the golden history after a learning run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/overview.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

std::unique_ptr<Database> fresh(const std::string& name) {
  const std::string path = (std::filesystem::temp_directory_path() / ("learnloop-overview-" + name + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return native::open_sqlite_database(path, true).value();
}

TEST(StoreOverview, SaysEmptyThenCountsRowsDaysAndTheLatestRun) {
  auto db = fresh("golden");
  EXPECT_EQ(store_overview(*db).error().code, ErrorCode::kNotFound) << "a database without the schema asks for init";
  ASSERT_TRUE(migrate_schema(*db).ok());
  nlohmann::ordered_json empty = store_overview(*db).value();
  EXPECT_TRUE(empty["empty"].get<bool>());
  EXPECT_TRUE(empty["outcomes"]["last_day"].is_null());
  EXPECT_TRUE(empty["latest_run"].is_null());
  for (const char* table : {"content_metadata", "outcomes"}) {
    std::ifstream in(std::string(LEARNLOOP_GOLDEN_DIR) + "/store/" + table + ".csv");
    std::stringstream text;
    text << in.rdbuf();
    IngestOptions options;
    options.table = table;
    ASSERT_TRUE(ingest_text(*db, text.str(), options, nullptr).ok());
  }
  LearnOptions learn;
  learn.date = "2026-03-13";
  ASSERT_TRUE(run_learning_job(*db, learn, nullptr).ok());
  nlohmann::ordered_json o = store_overview(*db).value();
  EXPECT_FALSE(o["empty"].get<bool>());
  EXPECT_EQ(o["schema_version"], latest_schema_version());
  EXPECT_EQ(o["tables"]["content_metadata"], 54);
  EXPECT_EQ(o["tables"]["outcomes"], 55);
  EXPECT_EQ(o["tables"]["learning_runs"], 1);
  EXPECT_EQ(o["outcomes"]["first_day"], "2026-03-06");
  EXPECT_EQ(o["outcomes"]["last_day"], "2026-03-14");
  EXPECT_EQ(o["latest_run"], "2026-03-13");
}

}  // namespace
}  // namespace learnloop
