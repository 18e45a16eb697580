// Internal: the small statistics the content analytics share (rounding for output, means,
// mid-rank percentiles, empirical quantiles, the analysis window). Pure functions, no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop::analytics {

/// `v` rounded to `places` decimals (for output only; computations keep full precision).
double round_to(double v, int places);

/// Mean of `values`; 0 when empty.
double mean_of(const std::vector<double>& values);

/// Mid-rank percentile of `x` among `sorted` (ascending): (count below + half the count equal) / n, in [0, 1]; 0.5 when
/// empty.
double percentile_rank_sorted(const std::vector<double>& sorted, double x);

/// Empirical quantile q in [0, 1] of `values` (linear interpolation between order statistics, as numpy's default); 0
/// when empty.
double quantile(std::vector<double> values, double q);

/// Pearson correlation of two equal-length series; 0 when either is constant or they are shorter than 2.
double correlation(const std::vector<double>& x, const std::vector<double>& y);

/// "HH:00" for hour h.
std::string hour_label(int h);

/// The analysis window [from, to]: `to` is `date` (YYYY-MM-DD) or, when empty, the latest day an outcome was
/// collected; `days` must be in [1, 3660]. Returns {-1, -1} when `date` is empty and there are no outcomes.
Result<std::pair<DayNumber, DayNumber>> analysis_window(Database& db, const std::string& date, int days);

}  // namespace learnloop::analytics
