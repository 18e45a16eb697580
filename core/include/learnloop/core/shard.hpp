// Shards of the learning window: `learn --shard i/N` reads only the content whose decision id falls
// in shard i of N, by a hash of the id alone, so N processes (or hosts) split a window without
// seeing each other's rows, and every row lands in exactly one shard.
#pragma once

#include <cstdint>
#include <string_view>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// One shard of N: index in [0, count).
struct ShardSpec {
  std::uint32_t index = 0;  ///< this shard, from 0
  std::uint32_t count = 1;  ///< number of shards (1: the whole window)
};

/// Most shards a run may be split into.
constexpr std::uint32_t kMaxShards = 4096;

/// "i/N" parsed: 0 <= i < N <= kMaxShards; anything else is refused with what was expected.
Result<ShardSpec> parse_shard_spec(std::string_view text);

/// The shard (0..count-1) of a decision id: FNV-1a 64 of the id, its high bits by multiply-shift.
std::uint32_t shard_of(std::string_view decision_id, std::uint32_t count);

/// True when `decision_id` belongs to `shard` (always, for a single shard).
inline bool in_shard(std::string_view decision_id, const ShardSpec& shard) {
  return shard.count <= 1 || shard_of(decision_id, shard.count) == shard.index;
}

}  // namespace learnloop
