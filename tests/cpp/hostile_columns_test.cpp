// Hostile width: ingest looks columns up in a hash set (it searched a list, so 100,000 columns took
// minutes) and refuses more than kMaxIngestColumns distinct columns with a message naming the header
// or line, before any row is read. At the maximum the limit stays quiet and the table's own column
// check answers. Not timed here: the refusal is asserted, and its speed is what makes the test finish.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hostile_support.hpp"
#include "learnloop/store/ingest.hpp"

namespace learnloop {
namespace {

using hostile::run;
hostile::ScratchDir scratch("columns");

std::string fresh_db() {
  const std::string path = (scratch.path() / "columns.db").string();
  std::filesystem::remove(path);
  EXPECT_EQ(run({"init", "--db", path}).exit_code, 0);
  return path;
}

// A CSV whose header holds the outcomes table's required columns and then c<i> up to `width` columns.
std::string wide_csv(std::size_t width) {
  std::string header = "decision_id,impressions,collected_at", row = "a,1,2026-01-01";
  for (std::size_t i = 3; i < width; ++i) {
    header += ",c" + std::to_string(i);
    row += ",1";
  }
  return header + "\n" + row + "\n";
}

// A JSON Lines record with `width` keys.
std::string wide_jsonl(std::size_t width) {
  std::string line = "{\"decision_id\":\"a\",\"impressions\":1,\"collected_at\":\"2026-01-01\"";
  for (std::size_t i = 3; i < width; ++i) line += ",\"c" + std::to_string(i) + "\":1";
  return line + "}\n";
}

TEST(HostileColumns, CsvWithAHundredThousandColumnsIsRefused) {
  const CliOutput out =
      run({"ingest", "--db", fresh_db(), "--table", "outcomes", scratch.file("wide.csv", wide_csv(100000))});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("the header has 100000 columns; learnloop ingests at most 1000 distinct columns"),
            std::string::npos)
      << out.err;
}

TEST(HostileColumns, JsonlWithAHundredThousandKeysIsRefusedNamingTheLine) {
  const std::string text = wide_jsonl(10) + wide_jsonl(100000);
  const CliOutput out = run({"ingest", "--db", fresh_db(), "--table", "outcomes", scratch.file("wide.jsonl", text)});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("line 2 brings the input to more than 1000 distinct columns"), std::string::npos) << out.err;
}

TEST(HostileColumns, AtTheMaximumTheTableAnswers) {
  ASSERT_EQ(kMaxIngestColumns, 1000u);
  for (const auto& [name, text] :
       {std::pair{"max.csv", wide_csv(kMaxIngestColumns)}, std::pair{"max.jsonl", wide_jsonl(kMaxIngestColumns)}}) {
    const CliOutput out = run({"ingest", "--db", fresh_db(), "--table", "outcomes", scratch.file(name, text)});
    EXPECT_EQ(out.exit_code, 2) << out.err;
    EXPECT_EQ(out.err.find("at most"), std::string::npos) << out.err;
    EXPECT_NE(out.err.find("table 'outcomes' has no column 'c"), std::string::npos) << out.err;
  }
  const CliOutput over = run({"ingest", "--db", fresh_db(), "--table", "outcomes",
                              scratch.file("over.jsonl", wide_jsonl(kMaxIngestColumns + 1))});
  EXPECT_NE(over.err.find("line 1 brings the input to more than 1000"), std::string::npos) << over.err;
}

TEST(HostileColumns, ManyRecordsSharingTheirColumnsStayWithinTheLimit) {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += "{\"decision_id\":\"d" + std::to_string(i) + "\",\"impressions\":1,\"collected_at\":\"2026-01-01\"}\n";
  const CliOutput out = run({"ingest", "--db", fresh_db(), "--table", "outcomes", scratch.file("many.jsonl", text)});
  EXPECT_EQ(out.exit_code, 0) << out.err;
}

}  // namespace
}  // namespace learnloop
