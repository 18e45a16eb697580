// Drift detection over an error stream: the Page-Hinkley test for an increase in the mean.
#pragma once

#include <cstddef>
#include <vector>

namespace learnloop {

/// Page-Hinkley settings, on errors divided by `scale` (so they suit any unit).
struct PageHinkleyOptions {
  double scale = 1.0;            ///< errors are divided by this (the retraining threshold)
  double delta = 0.05;           ///< tolerated change of the scaled mean
  double lambda = 5.0;           ///< detection threshold on the cumulative scaled deviation
  std::size_t min_samples = 30;  ///< no detection before this many errors
};

/// Where drift was found.
struct DriftResult {
  bool detected = false;  ///< the mean error rose by more than the test tolerates
  std::size_t at = 0;     ///< index of the error at which it was detected
  double statistic = 0;   ///< largest m_t - min m seen (scaled units)
};

/// Runs Page-Hinkley over `errors` in time order.
DriftResult page_hinkley(const std::vector<double>& errors, const PageHinkleyOptions& options);

}  // namespace learnloop
