// The learning job over records (no database) against the database job on the same rows: the
// golden history as JSON Lines must give the very answers the job gives on a database holding it,
// day after day with the state carried over; bad records are refused by index and field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden.hpp"
#include "learnloop/lifecycle/model_registry.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/pipelines/learn_records.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

std::string golden_text(const std::string& relative) {
  std::ifstream in(std::string(LEARNLOOP_GOLDEN_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json jsonl(const std::string& relative) {
  nlohmann::json rows = nlohmann::json::array();
  std::istringstream in(golden_text(relative));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  }
  return rows;
}

std::unique_ptr<Database> golden_database() {
  const std::string path = (std::filesystem::temp_directory_path() / "learnloop-learn-records.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::unique_ptr<Database> db = native::open_sqlite_database(path, true).value();
  EXPECT_TRUE(migrate_schema(*db).ok());
  for (const char* table : {"content_metadata", "outcomes", "retention_metrics"}) {
    IngestOptions options;
    options.table = table;
    EXPECT_TRUE(ingest_text(*db, golden_text(std::string("store/") + table + ".csv"), options, nullptr).ok()) << table;
  }
  return db;
}

RecordsLearnRequest golden_request(const std::string& date, const nlohmann::json& state) {
  RecordsLearnRequest request;
  request.records = jsonl("store/records.jsonl");
  request.retention = jsonl("store/retention.jsonl");
  request.state = state;
  request.date = date;
  request.today = "2026-11-23";
  return request;
}

TEST(LearnRecords, GivesTheDatabaseJobsAnswersDayAfterDayWithTheStateCarriedOver) {
  auto db = golden_database();
  nlohmann::json state;
  std::int64_t last_read = 0, last_new = 0;
  for (const char* date : {"2026-03-12", "2026-03-14"}) {
    LearnOptions options;
    options.date = date;
    options.today = "2026-11-23";
    Result<nlohmann::ordered_json> stored = run_learning_job(*db, options, nullptr);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    Result<nlohmann::ordered_json> from_records = learn_from_records(golden_request(date, state), nullptr);
    ASSERT_TRUE(from_records.ok()) << from_records.error().message;
    nlohmann::ordered_json answer = from_records.value();
    state = nlohmann::json::parse(answer["state"].dump());
    const nlohmann::ordered_json documents = answer["model_documents"];
    answer.erase("state");
    answer.erase("model_documents");
    EXPECT_EQ(answer.dump(), stored.value().dump()) << date;
    last_read = answer["outcomes_read"].get<std::int64_t>();
    last_new = answer["new_outcomes"].get<std::int64_t>();
    ASSERT_TRUE(documents.contains("engagement_rate")) << documents.dump();
    EXPECT_EQ(documents["engagement_rate"].dump(),
              nlohmann::ordered_json::parse(latest_model(*db, "engagement_rate").value().document).dump());
  }
  EXPECT_EQ(state["through"], "2026-03-14");
  EXPECT_GT(last_new, 0);
  EXPECT_LT(last_new, last_read);  // the second run counts only what the first had not seen
}

TEST(LearnRecords, DefaultsToTheLatestCollectedDay) {
  Result<nlohmann::ordered_json> run = learn_from_records(golden_request("", nullptr), nullptr);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run.value()["date"], "2026-03-14");
}

TEST(LearnRecords, RefusesBadRecordsByIndexAndField) {
  const auto refused = [](RecordsLearnRequest request) {
    Result<nlohmann::ordered_json> run = learn_from_records(request, nullptr);
    EXPECT_FALSE(run.ok());
    return run.ok() ? std::string() : run.error().message;
  };
  RecordsLearnRequest r = golden_request("2026-03-14", nullptr);
  r.records[3].erase("impressions");
  EXPECT_EQ(refused(r), "records[3].impressions: missing (expected a number >= 0)");
  r = golden_request("2026-03-14", nullptr);
  r.records[2]["likes"] = "lots";
  EXPECT_EQ(refused(r), "records[2].likes: expected a number >= 0, got \"lots\"");
  r = golden_request("2026-03-14", nullptr);
  r.records[5]["collected_at"] = "yesterday";
  EXPECT_NE(refused(r).find("records[5].collected_at"), std::string::npos);
  r = golden_request("2026-03-14", nullptr);
  r.records.push_back(r.records[0]);
  EXPECT_NE(refused(r).find("duplicate of records[0]"), std::string::npos);
  r = golden_request("2026-03-14", nlohmann::json{{"through", "soon"}});
  EXPECT_NE(refused(r).find("state.through"), std::string::npos);
  r = golden_request(
      "2026-03-14",
      nlohmann::json{{"content", {{"format", "nonsense"}}}, {"timing", nullptr}, {"through", "2026-03-13"}});
  EXPECT_NE(refused(r).find("state.content"), std::string::npos);
  r = golden_request("", nullptr);
  r.records = nlohmann::json::array();
  EXPECT_EQ(refused(r), "records is empty: give at least one record, or a date to learn");
  r = golden_request("2026-12-01", nullptr);
  EXPECT_NE(refused(r).find("in the future"), std::string::npos);
  r = golden_request("2026-03-14", nullptr);
  r.records = nlohmann::json::object();
  EXPECT_EQ(refused(r), "records: expected an array of outcome records, got object");
}

}  // namespace
}  // namespace learnloop
