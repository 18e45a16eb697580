// The learning window streamed in chunks for one shard of its ids (SQLite): every shard's chunks together are
// exactly read_outcome_rows()'s rows, each shard's in order, no chunk larger than asked; callback errors stop the
// read; bad shards and empty chunks are refused.
#include <gtest/gtest.h>

#include "cli/thread_task_pair.hpp"
#include "learnloop/store/window_stream.hpp"
#include "store_support.hpp"
#include "task_pair_support.hpp"
#include "window_stream_support.hpp"

namespace learnloop {
namespace {

using window_stream_support::check_callback_error_stops;
using window_stream_support::check_streams_match;
using window_stream_support::fill;

TEST(WindowStream, EveryShardsChunksAreTheWindowsRowsInOrder) {
  auto db = store_support::open_fresh("window-stream");
  fill(*db);
  check_streams_match(*db);
}

TEST(WindowStream, ReadingTheNextChunkWhileTheLastIsUsedGivesTheSameChunks) {
  auto db = store_support::open_fresh("window-stream-pairs");
  fill(*db);
  native::ThreadTaskPair threads;
  check_streams_match(*db, &threads);
  task_pair_support::ReversedTaskPair reversed;
  check_streams_match(*db, &reversed);
  EXPECT_GT(reversed.pairs, 100) << "each chunk but the first was read beside its predecessor's use";
}

TEST(WindowStream, AnErrorFromTheCallbackStopsTheRead) {
  auto db = store_support::open_fresh("window-stream-stop");
  fill(*db);
  check_callback_error_stops(*db);
}

TEST(WindowStream, AnEmptyWindowGivesNoChunk) {
  auto db = store_support::open_fresh("window-stream-empty");
  fill(*db);
  int calls = 0;
  const DayNumber day = parse_date("2027-01-01").value();
  const Status s = for_each_outcome_chunk(*db, day, day + 6, ShardSpec{}, 4, [&calls](const OutcomeRows&) {
    ++calls;
    return Status{};
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(calls, 0);
}

TEST(WindowStream, ANonexistentShardOrAnEmptyChunkIsRefused) {
  auto db = store_support::open_fresh("window-stream-bad");
  const auto never = [](const OutcomeRows&) -> Status {
    ADD_FAILURE() << "no chunk expected";
    return {};
  };
  const DayNumber to = window_stream_support::window_to();
  Status s = for_each_outcome_chunk(*db, to - 6, to, ShardSpec{3, 2}, 4, never);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("3/2"), std::string::npos) << s.error().message;
  EXPECT_FALSE(for_each_outcome_chunk(*db, to - 6, to, ShardSpec{0, 0}, 4, never).ok());
  EXPECT_FALSE(for_each_outcome_chunk(*db, to - 6, to, ShardSpec{}, 0, never).ok());
}

}  // namespace
}  // namespace learnloop
