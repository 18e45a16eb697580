// Internal: quantile bin edges per feature and the binned (uint8) training matrix of the GBDT fit.
// A value x falls in bin b = the number of cuts <= x, so "bin <= k" is exactly "x < cuts[k]":
// the tree thresholds are cut values and raw-value prediction follows the binned training path.
#pragma once

#include <cstdint>
#include <vector>

#include "learnloop/predictors/dataset.hpp"

namespace learnloop::predictors {

/// Binned features: cuts per feature and bin indices, row-major like the Dataset.
struct BinnedMatrix {
  std::size_t rows = 0;                   ///< examples
  std::size_t cols = 0;                   ///< features
  std::vector<std::vector<double>> cuts;  ///< ascending cut values per feature; bins = cuts.size() + 1
  std::vector<std::uint8_t> bins;         ///< rows * cols bin indices

  /// Bin of row r, feature c.
  std::uint8_t at(std::size_t r, std::size_t c) const { return bins[r * cols + c]; }
};

/// Learns at most max_bins - 1 cuts per feature from weighted quantiles of `x` and bins every row.
BinnedMatrix bin_features(const Dataset& x, int max_bins);

}  // namespace learnloop::predictors
