// Internal: the small statistics the content analytics share (means, mid-rank percentiles,
// empirical quantiles, correlation). Pure functions, no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace learnloop::analytics {

/// Mean of `values`; 0 when empty.
double mean_of(const std::vector<double>& values);

/// Mid-rank percentile of `x` among `sorted` (ascending): (count below + half the count equal) / n, in [0, 1]; 0.5 when
/// empty.
double percentile_rank_sorted(const std::vector<double>& sorted, double x);

/// Empirical quantile q in [0, 1] of `values` (linear interpolation between order statistics, as numpy's default); 0
/// when empty.
double quantile(std::vector<double> values, double q);

/// Quantile q in [0, 1] of `sorted` (ascending, non-empty) by the same interpolation as quantile().
double quantile_sorted(const std::vector<double>& sorted, double q);

/// Pearson correlation of two equal-length series; 0 when either is constant or they are shorter than 2.
double correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace learnloop::analytics
