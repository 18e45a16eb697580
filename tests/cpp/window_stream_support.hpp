// What the streamed-window suites share (SQLite in window_stream_test.cpp, PostgreSQL in
// postgres_window_stream_test.cpp): a database with several collections per id, ids sharing long prefixes and
// non-ASCII bytes, ids without content and rows outside the window; and the check that every shard's chunks,
// for 1 to 3 shards and chunks of 1, 2, 7 and many rows, give exactly read_outcome_rows()'s rows.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/window_rows.hpp"
#include "learnloop/store/window_stream.hpp"

namespace learnloop::window_stream_support {

/// The first day of the test window.
inline DayNumber window_from() { return parse_date("2026-03-08").value(); }
/// The last day of the test window.
inline DayNumber window_to() { return parse_date("2026-03-14").value(); }

/// The decision id number k: long shared prefixes of several lengths, short ids, upper case, and non-ASCII bytes.
inline std::string test_id(int k) {
  switch (k % 4) {
    case 0:
      return "item-with-a-long-shared-prefix-" + std::to_string(k);
    case 1:
      return std::string(static_cast<std::size_t>(1 + k % 9), static_cast<char>('a' + k % 3)) + std::to_string(k);
    case 2:
      return "\xc3\xa9t\xc3\xa9-" + std::to_string(k);  // "été-k": bytes above 0x7f order after ASCII
    default:
      return "B" + std::to_string(k);
  }
}

/// Ingests `csv` into `table` of `db`.
inline void ingest_csv(Database& db, const std::string& table, const std::string& csv) {
  IngestOptions options;
  options.table = table;
  Result<IngestResult> r = ingest_text(db, csv, options, nullptr);
  ASSERT_TRUE(r.ok()) << table << ": " << r.error().message;
}

/// Fills a migrated, empty `db`: 160 ids with 1 to 4 collections each over days 2026-03-05..16 (some ids only
/// outside the window), stored rates and revenue on some, content for four in five ids.
inline void fill(Database& db) {
  std::string content = "decision_id,platform,decision_type,bandit_arm,hook_type,topic,quality_score,cost,posted_at\n";
  std::string outcomes =
      "decision_id,impressions,likes,retweets,replies,engagement_rate,followers_gained,revenue,collected_at\n";
  for (int k = 0; k < 160; ++k) {
    const std::string id = test_id(k);
    if (k % 5 != 0) {
      char posted[32];
      std::snprintf(posted, sizeof posted, "2026-03-%02dT%02d:15:00Z", 1 + k % 14, k % 24);
      content += id + ",p" + std::to_string(k % 3) + ",single,arm" + std::to_string(k % 4) + ",hook" +
                 std::to_string(k % 2) + ",topic" + std::to_string(k) + "," + (k % 7 == 0 ? "" : "0.25") + "," +
                 (k % 6 == 0 ? "" : std::to_string(k) + ".5") + "," + (k % 11 == 0 ? "" : posted) + "\n";
    }
    for (int j = 0; j <= k % 4; ++j) {
      char collected[32];
      std::snprintf(collected, sizeof collected, "2026-03-%02dT%02d:00:00Z", 5 + (k * 7 + j * 3) % 12, (k + j) % 24);
      outcomes += id + "," + std::to_string(100 + k * 10 + j) + "," + std::to_string(j + 1) + "," +
                  std::to_string(k % 3) + ",1," + (k % 3 == 0 ? "0.125" : "") + "," + std::to_string(k % 5) + "," +
                  (k % 2 == 0 ? std::to_string(k) + ".25" : "") + "," + collected + "\n";
    }
  }
  for (int k = 0; k < 400; ++k) content += "no-outcome-" + std::to_string(k) + ",px,single,arm,hook,t,0.5,1,\n";
  ingest_csv(db, "content_metadata", content);
  ingest_csv(db, "outcomes", outcomes);
}

/// Every field of a row as text (numbers exact, in hexadecimal floating point), for comparisons with a readable diff.
inline std::string describe(const OutcomeRow& r) {
  char numbers[512];
  std::snprintf(numbers, sizeof numbers, "|%lld|%a|%a|%a|%a|%a|%a|%a|%d|%lld|%a",
                static_cast<long long>(r.collected_day), r.impressions, r.engagements, r.engagement_rate,
                r.followers_gained, r.revenue, r.quality_score, r.cost, r.posted_hour,
                static_cast<long long>(r.posted_day), r.duration_seconds);
  return std::string(r.decision_id) + "|" + std::string(r.collected_at) + "|" + std::string(r.platform) + "|" +
         std::string(r.decision_type) + "|" + std::string(r.bandit_arm) + "|" + std::string(r.hook_type) + "|" +
         std::string(r.topic) + numbers;
}

/// Checks for_each_outcome_chunk() against read_outcome_rows() on `db` (filled by fill()), inside a read transaction,
/// with the next chunk read through `tasks` while the last is used (null: in turn).
inline void check_streams_match(Database& db, TaskPair* tasks = nullptr) {
  std::vector<std::string> expected;
  {
    ReadTransaction snapshot(db);
    ASSERT_TRUE(snapshot.status().ok()) << snapshot.status().error().message;
    Result<OutcomeRows> rows = read_outcome_rows(db, window_from(), window_to());
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    for (const OutcomeRow& r : rows.value()) expected.push_back(describe(r));
  }
  // The data covers what the stream must get right.
  ASSERT_GT(expected.size(), 100u);
  ASSERT_LT(expected.size(), 160u);  // some ids have no collection in the window
  const auto has = [&expected](const std::string& part) {
    return std::any_of(expected.begin(), expected.end(),
                       [&part](const std::string& e) { return e.find(part) != std::string::npos; });
  };
  EXPECT_TRUE(has("|||||")) << "an id without content";
  EXPECT_TRUE(has("\xc3\xa9t\xc3\xa9-")) << "a non-ASCII id";
  for (const std::uint32_t n : {1u, 2u, 3u}) {
    for (const std::size_t chunk_rows : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{100000}}) {
      std::vector<std::string> all;
      for (std::uint32_t i = 0; i < n; ++i) {
        const ShardSpec shard{i, n};
        std::vector<std::string> wanted;
        for (const std::string& e : expected) {
          if (in_shard(e.substr(0, e.find('|')), shard)) wanted.push_back(e);
        }
        std::vector<std::string> got;
        std::size_t chunks = 0;
        ReadTransaction snapshot(db);
        ASSERT_TRUE(snapshot.status().ok()) << snapshot.status().error().message;
        const Status s = for_each_outcome_chunk(
            db, window_from(), window_to(), shard, chunk_rows,
            [&](const OutcomeRows& chunk) {
              ++chunks;
              EXPECT_GE(chunk.size(), 1u);
              EXPECT_LE(chunk.size(), chunk_rows);
              for (const OutcomeRow& r : chunk) got.push_back(describe(r));
              return Status{};
            },
            tasks);
        ASSERT_TRUE(s.ok()) << s.error().message;
        EXPECT_EQ(got, wanted) << "shard " << i << "/" << n << ", chunks of " << chunk_rows;
        EXPECT_EQ(chunks, (wanted.size() + chunk_rows - 1) / chunk_rows) << "only the last chunk may be short";
        all.insert(all.end(), got.begin(), got.end());
      }
      // Re-sorted by id as bytes (the text before the first '|'), the order of read_outcome_rows().
      std::sort(all.begin(), all.end(), [](const std::string& a, const std::string& b) {
        return std::string_view(a).substr(0, a.find('|')) < std::string_view(b).substr(0, b.find('|'));
      });
      EXPECT_EQ(all, expected) << n << " shards, chunks of " << chunk_rows;
    }
  }
}

/// Checks that an error from the chunk callback stops the read and is returned, and that the next read works.
inline void check_callback_error_stops(Database& db) {
  ReadTransaction snapshot(db);
  ASSERT_TRUE(snapshot.status().ok());
  int calls = 0;
  const Status s = for_each_outcome_chunk(db, window_from(), window_to(), ShardSpec{}, 5, [&calls](const OutcomeRows&) {
    return ++calls == 2 ? Status(invalid_argument("stop here")) : Status{};
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "stop here");
  EXPECT_EQ(calls, 2);
  std::size_t rows = 0;
  const Status again =
      for_each_outcome_chunk(db, window_from(), window_to(), ShardSpec{}, 1000, [&rows](const OutcomeRows& chunk) {
        rows += chunk.size();
        return Status{};
      });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_GT(rows, 100u);
}

}  // namespace learnloop::window_stream_support
