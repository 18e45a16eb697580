// The learning window streamed in chunks for one shard of its ids, on PostgreSQL (a cursor read in pages inside the
// read transaction): the same checks as on SQLite, against read_outcome_rows() on the same server.
#include <gtest/gtest.h>

#include "learnloop/store/schema.hpp"
#include "postgres_support.hpp"
#include "window_stream_support.hpp"

namespace learnloop {
namespace {

using pg_support::connect;
using pg_support::fresh_database;

TEST(PostgresWindowStream, EveryShardsChunksAreTheWindowsRowsInOrder) {
  LEARNLOOP_REQUIRE_POSTGRES();
  auto pg = connect(fresh_database("ll_window_stream"));
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(migrate_schema(*pg).ok());
  window_stream_support::fill(*pg);
  window_stream_support::check_streams_match(*pg);
  window_stream_support::check_callback_error_stops(*pg);
}

}  // namespace
}  // namespace learnloop
