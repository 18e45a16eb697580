// Seeded train/test splits and k-fold cross-validation folds over row indices, from learnloop's
// own generator so the same seed splits the same way natively and in wasm. No I/O.
#pragma once

#include <cstdint>
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

/// k folds of shuffled rows; fold sizes differ by at most one (the first n % k folds are larger). 2 <= k <= n.
Result<std::vector<Split>> k_fold(std::size_t n, std::size_t k, std::uint64_t seed);

}  // namespace learnloop
