// The learning window's outcome rows: the latest collection per content within the range, joined
// with its content (or without, when the content is unknown), ordered by decision_id as bytes; the
// grouping and the order are made in C++ after one range query (issue 17 item 1).
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

TEST(WindowRows, LatestCollectionPerContentInByteOrderWithItsContent) {
  auto db = store_support::open_fresh("window-rows");
  ingest(*db, "content_metadata",
         "decision_id,platform,bandit_arm,quality_score,posted_at\n"
         "b,twitter,meme_single,0.5,2026-03-10T14:00:00Z\n"
         "a,linkedin,story_thread,0.7,2026-03-09T09:00:00Z\n"
         "B,tiktok,question_reply,0.2,2026-03-11T20:00:00Z\n");
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
  Result<std::vector<OutcomeRow>> rows = read_outcome_rows(*db, to - 6, to);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::vector<std::string> ids;
  for (const OutcomeRow& r : rows.value()) ids.push_back(r.decision_id + "@" + r.collected_at);
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
  const OutcomeRow& unknown = rows.value()[3];
  EXPECT_EQ(unknown.platform, "");
  EXPECT_EQ(unknown.quality_score, -1);
  EXPECT_EQ(unknown.posted_hour, -1);
}

}  // namespace
}  // namespace learnloop
