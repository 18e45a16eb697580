// Seeded train/test splits and k-fold cross-validation folds over row indices, from learnloop's
// own generator so the same seed splits the same way natively and in wasm, and a per-row split rule
// (a seeded hash of a row's key) that any partition of the rows applies alike. No I/O.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Row indices of one split.
struct Split {
  std::vector<std::size_t> train;  ///< rows to fit on
  std::vector<std::size_t> test;   ///< rows to evaluate on
};

/// Shuffles rows 0..n-1 and holds out ceil(n * test_fraction) of them (0 < fraction < 1; both sides non-empty).
Result<Split> train_test_split(std::size_t n, double test_fraction, std::uint64_t seed);

/// Whether the row keyed `key` is held out under `seed`: its seeded 64-bit hash read as a number in [0, 1) is below
/// `test_fraction`. A rule per row (integer arithmetic only): shards that never see each other's rows agree on it.
bool held_out_by_key(std::string_view key, double test_fraction, std::uint64_t seed);

/// k folds of shuffled rows; fold sizes differ by at most one (the first n % k folds are larger). 2 <= k <= n.
Result<std::vector<Split>> k_fold(std::size_t n, std::size_t k, std::uint64_t seed);

}  // namespace learnloop
