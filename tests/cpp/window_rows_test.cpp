// The learning window's outcome rows: the latest collection per content within the range, joined
// with its content (or without, when the content is unknown), ordered by decision_id as bytes; the
// grouping, the order and the join are made in C++ after one range query (issue 17 item 1), the join
// by a scan of content_metadata or by lookups in batches, with the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/window_rows.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

void ingest(Database& db, const std::string& table, const std::string& csv) {
  IngestOptions options;
  options.table = table;
  Result<IngestResult> r = ingest_text(db, csv, options, nullptr);
  ASSERT_TRUE(r.ok()) << table << ": " << r.error().message;
}

// The window of the rows below (content b, a, B; outcomes of b, zz, a, B), with `extra_content` more content rows
// that have no outcome: more than twice the window's rows make the read look content up by id instead of scanning.
void check_window(int extra_content) {
  auto db = store_support::open_fresh("window-rows");
  std::string content =
      "decision_id,platform,bandit_arm,quality_score,posted_at\n"
      "b,twitter,meme_single,0.5,2026-03-10T14:00:00Z\n"
      "a,linkedin,story_thread,0.7,2026-03-09T09:00:00Z\n"
      "B,tiktok,question_reply,0.2,2026-03-11T20:00:00Z\n";
  for (int i = 0; i < extra_content; ++i) content += "x" + std::to_string(i) + ",twitter,meme_single,0.5,\n";
  ingest(*db, "content_metadata", content);
  // b: three collections (the latest in range wins; one after the range is not read); a: one before the range only
  // and one inside; B: one; zz: no content row.
  ingest(*db, "outcomes",
         "decision_id,impressions,likes,collected_at\n"
         "b,100,1,2026-03-11T08:00:00Z\n"
         "zz,50,5,2026-03-12T08:00:00Z\n"
         "b,300,3,2026-03-13T08:00:00Z\n"
         "a,10,1,2026-03-01T08:00:00Z\n"
         "b,200,2,2026-03-12T08:00:00Z\n"
         "B,40,4,2026-03-10T08:00:00Z\n"
         "a,20,2,2026-03-12T09:00:00Z\n"
         "b,900,9,2026-03-20T08:00:00Z\n");
  const DayNumber to = parse_date("2026-03-14").value();
  Result<OutcomeRows> rows = read_outcome_rows(*db, to - 6, to);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::vector<std::string> ids;
  for (const OutcomeRow& r : rows.value())
    ids.push_back(std::string(r.decision_id) + "@" + std::string(r.collected_at));
  EXPECT_EQ(ids, (std::vector<std::string>{"B@2026-03-10T08:00:00Z", "a@2026-03-12T09:00:00Z", "b@2026-03-13T08:00:00Z",
                                           "zz@2026-03-12T08:00:00Z"}));
  const OutcomeRow& b = rows.value()[2];
  EXPECT_EQ(b.impressions, 300);
  EXPECT_EQ(b.engagements, 3);
  EXPECT_DOUBLE_EQ(b.engagement_rate, 0.01);
  EXPECT_EQ(b.platform, "twitter");
  EXPECT_EQ(b.bandit_arm, "meme_single");
  EXPECT_EQ(b.posted_hour, 14);
  EXPECT_EQ(b.collected_day, parse_date("2026-03-13").value());
  EXPECT_EQ(rows.value()[0].platform, "tiktok");
  EXPECT_DOUBLE_EQ(rows.value()[1].quality_score, 0.7);
  const OutcomeRow& unknown = rows.value()[3];
  EXPECT_EQ(unknown.platform, "");
  EXPECT_EQ(unknown.quality_score, -1);
  EXPECT_EQ(unknown.posted_hour, -1);
}

TEST(WindowRows, LatestCollectionPerContentInByteOrderWithItsContent) { check_window(0); }

TEST(WindowRows, TheSameRowsWhenContentIsLookedUpByIdInsteadOfScanned) { check_window(40); }

// Ids that share their first 8 bytes and differ in length, read by a table scan and joined by a scan of the content
// (a window that is the whole table), then by the range search and lookups in batches (a window of a quarter of the
// outcomes, a fifth of the content): each row gets its own content.
TEST(WindowRows, EveryRowFindsItsContentAmongIdsWithOneLongPrefix) {
  for (const int extra : {0, 2000}) {
    auto db = store_support::open_fresh("window-rows-prefix");
    const int n = 600;
    std::string content = "decision_id,platform,topic,cost\n";
    std::string outcomes = "decision_id,impressions,collected_at\n";
    for (int i = 0; i < n; ++i) {
      const std::string id = "content-" + std::to_string(i);
      content += id + ",p" + std::to_string(i % 7) + ",t" + std::to_string(i) + "," + std::to_string(i) + "\n";
      outcomes += id + "," + std::to_string(i) + ",2026-03-1" + std::to_string(i % 3) + "T08:00:00Z\n";
    }
    for (int i = 0; i < extra; ++i) {  // content without outcomes in the window, and outcomes before it
      content += "other-" + std::to_string(i) + ",q,u,1\n";
      outcomes += "other-" + std::to_string(i) + ",1,2026-02-01T08:00:00Z\n";
    }
    ingest(*db, "content_metadata", content);
    ingest(*db, "outcomes", outcomes);
    const DayNumber to = parse_date("2026-03-14").value();
    Result<OutcomeRows> rows = read_outcome_rows(*db, to - 6, to);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows.value().size(), static_cast<std::size_t>(n));
    for (std::size_t k = 1; k < rows.value().size(); ++k) {
      EXPECT_LT(rows.value()[k - 1].decision_id, rows.value()[k].decision_id);
    }
    for (const OutcomeRow& r : rows.value()) {
      const int i = static_cast<int>(r.impressions);
      EXPECT_EQ(r.decision_id, "content-" + std::to_string(i));
      EXPECT_EQ(r.platform, "p" + std::to_string(i % 7)) << r.decision_id;
      EXPECT_EQ(r.topic, "t" + std::to_string(i)) << r.decision_id;
      EXPECT_EQ(r.cost, i) << r.decision_id;
    }
  }
}

}  // namespace
}  // namespace learnloop
