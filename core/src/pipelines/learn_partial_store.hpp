// Internal: where the shards of a sharded learning run keep their partials (learn_partials and
// learn_partial_parts, migration 9): a shard's row is written when it starts (started_at, no state) and completed
// with its state, in parts of at most kPartialPartBytes, in one transaction; the merge reads them shard by shard and
// deletes them in the transaction that commits the run.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop::job {

/// Largest part a partial's state is stored in (one BLOB per part).
constexpr std::size_t kPartialPartBytes = std::size_t{4} << 20;

/// One stored shard partial, as listed (without its state).
struct StoredShard {
  ShardSpec shard;                  ///< which shard of how many
  std::string code_version;         ///< what wrote it
  std::int64_t schema_version = 0;  ///< the database schema it was written under
  nlohmann::json settings;          ///< the run settings it was computed with
  bool finished = false;            ///< false: started and never finished (killed, or still running)
  std::int64_t rows_read = 0;       ///< outcome rows of its part of the window (finished only)
  std::int64_t state_bytes = 0;     ///< total bytes of its parts (finished only)
  std::string started_at;           ///< when it started
};

/// Records that shard `shard` of `date` started (dropping an earlier partial of that shard), in its own transaction.
Status mark_shard_started(Database& db, DayNumber date, const ShardSpec& shard, const std::string& code_version,
                          const nlohmann::json& settings, const std::string& now);

/// Takes the next part (at most kPartialPartBytes) of a shard's state.
using PartSink = std::function<Status(std::string_view part)>;

/// Writes a shard's whole state, part by part in order, into the sink it is given; the total bytes written.
using StateWriter = std::function<Result<std::uint64_t>(const PartSink& put)>;

/// Stores the state `write_state` streams for shard `shard` of `date` and marks the shard finished, in one
/// transaction; the bytes stored. Refused (nothing stored) when its started row (`started_at`) was replaced meanwhile.
Result<std::uint64_t> store_shard(Database& db, DayNumber date, const ShardSpec& shard, const std::string& started_at,
                                  const nlohmann::json& settings, std::int64_t rows_read,
                                  const StateWriter& write_state, const std::string& now);

/// The partials stored for `date`, by shard index.
Result<std::vector<StoredShard>> list_shards(Database& db, DayNumber date);

/// The other dates that have partials (for the message of a merge that finds none for its date).
Result<std::vector<std::string>> dates_with_shards(Database& db);

/// The stored state of one shard, read part by part: pieces for a ByteReader, one part held at a time.
class ShardStateParts {
 public:
  /// The state of shard `index` of `date`, whose row says it holds `expected` bytes.
  ShardStateParts(Database& db, DayNumber date, std::uint32_t index, std::int64_t expected);
  /// Counts the parts; refused when there are none.
  Status open();
  /// The last `n` bytes of the state (read apart, before the stream).
  Result<std::string> tail(std::size_t n);
  /// The next part (empty after the last, or on an error, which finish() reports).
  std::string_view next();
  /// Reads whatever parts were not read and checks the parts held exactly the expected bytes, without error.
  Status finish();

 private:
  // Part `part`'s bytes into part_, or an error.
  Status read_part(std::int64_t part);

  Database& db_;
  std::string day_;
  std::int64_t shard_;
  std::int64_t expected_;
  std::int64_t parts_ = 0;
  std::int64_t next_part_ = 0;
  std::int64_t bytes_ = 0;  // bytes of the parts read
  std::vector<std::uint8_t> part_;
  Status status_;
};

/// Deletes every partial of `date` (inside the caller's transaction).
Status delete_shards(Database& db, DayNumber date);

}  // namespace learnloop::job
