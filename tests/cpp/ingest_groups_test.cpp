// Ingest on SQLite writes rows in multi-row INSERTs (RowWriter::kRowsPerInsert rows per statement): the rows
// stored, with their SQLite types and order, and the refusals named by line must be exactly those of one INSERT
// per row, for refusals in a full group, in the short last group, against an earlier group and inside one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/store/ingest.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using store_support::open_fresh;

// Every outcome row with each value's SQLite type, in rowid order.
std::string dump_outcomes(Database& db) {
  const auto rows = query_rows(db,
                               "SELECT typeof(decision_id), decision_id, typeof(impressions), impressions, "
                               "typeof(likes), likes, typeof(engagement_rate), engagement_rate, typeof(revenue), "
                               "revenue, typeof(collected_at), collected_at FROM outcomes ORDER BY rowid")
                        .value();
  std::string out;
  for (const auto& row : rows) {
    for (const SqlValue& v : row) out += sql_text(v) + "|";
    out += "\n";
  }
  return out;
}

// One data line: id, impressions, likes, engagement_rate, revenue, collected_at.
struct Line {
  std::string id, impressions, likes, rate, revenue, at;
};

}  // namespace

TEST(IngestGroups, SameRowsTypesAndRefusalsAsOneInsertPerRow) {
  // 301 data lines (lines 2-302): with 64 rows per group, four full groups and a short last one.
  std::vector<Line> lines;
  for (int i = 0; i < 301; ++i) {
    const std::string n = std::to_string(i);
    lines.push_back({"p" + n, std::to_string(100 + i), std::to_string(i % 7), i % 3 == 0 ? "" : "0.0" + n,
                     i % 5 == 0 ? "12" : (i % 5 == 1 ? "" : "3.25"), "2026-01-0" + std::to_string(1 + i % 9)});
  }
  lines[3].impressions = "-1";     // line 5: a CHECK, in the first group
  lines[68] = lines[67];           // line 70: the key of line 69, in the same group
  lines[98].impressions = "many";  // line 100: refused by the conversion, never queued
  lines[198].id = lines[0].id;     // line 200: the key of line 2, an earlier group
  lines[198].at = lines[0].at;
  lines[299].likes = "-4";  // line 301: a CHECK, in the short last group
  std::string csv = "decision_id,impressions,likes,engagement_rate,revenue,collected_at\n";
  for (const Line& l : lines)
    csv += l.id + "," + l.impressions + "," + l.likes + "," + l.rate + "," + l.revenue + "," + l.at + "\n";

  // The reference: the same converted rows, one INSERT each, refusals kept by line.
  auto reference = open_fresh("ingest_groups_reference");
  Result<RowWriter> writer = RowWriter::open(
      *reference, "outcomes", {"decision_id", "impressions", "likes", "engagement_rate", "revenue", "collected_at"});
  ASSERT_TRUE(writer.ok());
  std::vector<std::string> refused;
  ASSERT_TRUE(reference->exec("BEGIN").ok());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    std::vector<SqlValue> values;
    const std::vector<std::string_view> cells{l.id, l.impressions, l.likes, l.rate, l.revenue, l.at};
    Status s = writer.value().convert_cells(cells, &values);
    if (s.ok()) s = writer.value().insert(values);
    if (!s.ok()) refused.push_back("line " + std::to_string(i + 2) + ": " + s.error().message);
  }
  ASSERT_TRUE(reference->exec("COMMIT").ok());
  ASSERT_EQ(refused.size(), 5u);
  EXPECT_NE(refused[0].find("line 5: "), std::string::npos);
  EXPECT_NE(refused[4].find("line 301: "), std::string::npos);

  for (const std::size_t chunk : {std::size_t{7}, std::size_t{1} << 20}) {
    auto db = open_fresh("ingest_groups");
    Result<IngestResult> r = ingest_text(*db, csv, {"outcomes", "csv", {}, true, chunk}, nullptr);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().rows_written, 296);
    EXPECT_EQ(r.value().bad_rows, refused) << "chunk " << chunk;
    EXPECT_EQ(dump_outcomes(*db), dump_outcomes(*reference)) << "chunk " << chunk;

    // All or nothing without skip_bad: the same lines named, nothing stored.
    auto strict = open_fresh("ingest_groups_strict");
    Result<IngestResult> e = ingest_text(*strict, csv, {"outcomes", "csv", {}, false, chunk}, nullptr);
    ASSERT_FALSE(e.ok());
    for (const std::string& line : refused) EXPECT_NE(e.error().message.find(line), std::string::npos) << line;
    EXPECT_EQ(dump_outcomes(*strict), "");
  }
}

}  // namespace learnloop
