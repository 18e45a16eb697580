// Shard specs ("i/N") and the rule that puts a decision id in one shard.
#include "learnloop/core/shard.hpp"

#include <string>

#include "learnloop/core/fnv1a.hpp"

namespace learnloop {
namespace {

// The decimal number at the start of `text` (digits only, at most 9), or -1.
std::int64_t whole_number(std::string_view text) {
  if (text.empty() || text.size() > 9) return -1;
  std::int64_t v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

Result<ShardSpec> parse_shard_spec(std::string_view text) {
  const std::string shown(text);
  const std::size_t slash = text.find('/');
  const std::string expected =
      "expected i/N with 0 <= i < N <= " + std::to_string(kMaxShards) + " (e.g. 0/2 and 1/2 for two shards)";
  if (slash == std::string_view::npos) return invalid_argument("shard \"" + shown + "\" has no '/'; " + expected);
  const std::int64_t index = whole_number(text.substr(0, slash));
  const std::int64_t count = whole_number(text.substr(slash + 1));
  if (index < 0 || count < 0) return invalid_argument("shard \"" + shown + "\" is not two whole numbers; " + expected);
  if (count == 0) return invalid_argument("shard \"" + shown + "\" has 0 shards; " + expected);
  if (count > kMaxShards)
    return invalid_argument("shard \"" + shown + "\" asks for " + std::to_string(count) + " shards; " + expected);
  if (index >= count)
    return invalid_argument("shard \"" + shown + "\" is out of range: shards of " + std::to_string(count) +
                            " are numbered 0 to " + std::to_string(count - 1) + "; " + expected);
  return ShardSpec{static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(count)};
}

std::uint32_t shard_of(std::string_view decision_id, std::uint32_t count) {
  if (count <= 1) return 0;
  // Multiply-shift: the high bits of the product depend on every bit of the hash (FNV-1a's low bits do not mix).
  const std::uint64_t mixed = fnv1a64(decision_id) * 0x9e3779b97f4a7c15ULL;
  return static_cast<std::uint32_t>(((mixed >> 32) * count) >> 32);
}

}  // namespace learnloop
