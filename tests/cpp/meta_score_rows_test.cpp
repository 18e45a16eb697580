// write_meta_scores() builds the rows of meta_learning_scores a batch ahead of their INSERT, on the second task of a
// TaskPair: on threads, or with each pair's tasks in reverse order, it stores the rows it stores in turn, in the same
// order, whatever the number of items against the batch's size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "cli/thread_task_pair.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/core/dates.hpp"
#include "store_support.hpp"
#include "task_pair_support.hpp"

namespace learnloop {
namespace {

constexpr const char* kDay = "2026-11-22";

// `n` items collected on kDay, with rates, hours and platforms that vary from item to item.
OutcomeRows items(std::size_t n) {
  static const char* const kPlatforms[] = {"twitter", "linkedin", "instagram", "tiktok"};
  OutcomeRows rows;
  const DayNumber day = parse_date(kDay, "day").value();
  for (std::size_t i = 0; i < n; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "c%06zu", i);
    OutcomeRow r;
    r.decision_id = rows.pool().intern(id);
    r.collected_at = rows.pool().intern("2026-11-22T20:00:00Z");
    r.collected_day = day;
    r.impressions = static_cast<double>(100 + i % 997);
    r.engagements = static_cast<double>(i % 53);
    r.engagement_rate = r.engagements / r.impressions;
    r.platform = rows.pool().intern(kPlatforms[i % 4]);
    r.bandit_arm = rows.pool().intern(i % 3 == 0 ? "story_thread" : "meme_single");
    r.hook_type = rows.pool().intern("story");
    r.quality_score = static_cast<double>(i % 10) / 10;
    r.posted_hour = static_cast<int>(i % 24);
    rows.push_back(r);
  }
  return rows;
}

// What write_meta_scores() stored through `tasks` (null: in turn): every table (store_support::dump()), then the
// scores' ids in the order they were inserted.
std::string stored(const MetaScores& scores, const std::string& name, TaskPair* tasks) {
  auto db = store_support::open_fresh(name);
  const Status written = write_meta_scores(*db, scores, parse_date(kDay, "day").value(), tasks);
  EXPECT_TRUE(written.ok()) << written.error().message;
  std::string out = store_support::dump(*db) + "[inserted]\n";
  Result<std::vector<std::vector<SqlValue>>> ids =
      query_rows(*db, "SELECT content_id FROM meta_learning_scores ORDER BY rowid");
  for (const auto& id : ids.value()) out += sql_text(id[0]) + "\n";
  return out;
}

TEST(MetaScoreRows, BuiltAheadOnThreadsOrReversedTheyAreTheRowsWrittenInTurn) {
  // One item, a full batch (2,048), one past it, and two batches and a row.
  for (const std::size_t n : {std::size_t{1}, std::size_t{2048}, std::size_t{2049}, std::size_t{4097}}) {
    const OutcomeRows rows = items(n);
    const MetaScores scores = compute_meta_scores(rows, {}, {});
    ASSERT_EQ(scores.items.size(), n);
    const std::string in_turn = stored(scores, "meta_rows_in_turn", nullptr);
    const std::string inserted = in_turn.substr(in_turn.find("[inserted]\n"));
    EXPECT_EQ(static_cast<std::size_t>(std::count(inserted.begin(), inserted.end(), '\n')), n + 1);
    native::ThreadTaskPair threads;
    EXPECT_EQ(stored(scores, "meta_rows_threads", &threads), in_turn) << n << " items";
    task_pair_support::ReversedTaskPair reversed;
    EXPECT_EQ(stored(scores, "meta_rows_reversed", &reversed), in_turn) << n << " items";
    EXPECT_EQ(reversed.pairs, static_cast<int>((n - 1) / 2048)) << "one pair per batch built ahead";
  }
}

}  // namespace
}  // namespace learnloop
