// Quantile cuts: every distinct value is its own bin when there are few enough; otherwise the
// values at ranks i * n / max_bins of the sorted column (deduplicated) become the cuts.
#include "gbdt_binning.hpp"

#include <algorithm>

namespace learnloop::predictors {

namespace {

std::vector<double> column_cuts(std::vector<double> values, int max_bins) {
  std::sort(values.begin(), values.end());
  std::vector<double> distinct;
  for (double v : values)
    if (distinct.empty() || v != distinct.back()) distinct.push_back(v);
  std::vector<double> cuts;
  if (distinct.size() <= static_cast<std::size_t>(max_bins)) {
    cuts.assign(distinct.begin() + 1, distinct.end());
    return cuts;
  }
  const std::size_t n = values.size();
  for (int i = 1; i < max_bins; ++i) {
    const double v = values[static_cast<std::size_t>(i) * n / static_cast<std::size_t>(max_bins)];
    if (v > values.front() && (cuts.empty() || v > cuts.back())) cuts.push_back(v);
  }
  return cuts;
}

}  // namespace

BinnedMatrix bin_features(const Dataset& x, int max_bins) {
  BinnedMatrix out;
  out.rows = x.rows;
  out.cols = x.cols;
  out.cuts.resize(x.cols);
  out.bins.resize(x.rows * x.cols);
  std::vector<double> column(x.rows);
  for (std::size_t c = 0; c < x.cols; ++c) {
    for (std::size_t r = 0; r < x.rows; ++r) column[r] = x.at(r, c);
    out.cuts[c] = column_cuts(column, max_bins);
    const std::vector<double>& cuts = out.cuts[c];
    for (std::size_t r = 0; r < x.rows; ++r) {
      const auto bin = std::upper_bound(cuts.begin(), cuts.end(), column[r]) - cuts.begin();
      out.bins[r * x.cols + c] = static_cast<std::uint8_t>(bin);
    }
  }
  return out;
}

}  // namespace learnloop::predictors
