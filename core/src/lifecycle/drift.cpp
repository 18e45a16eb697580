// Page-Hinkley: m_t = sum (x_i - mean_i - delta); drift when m_t - min(m) > lambda.
#include "learnloop/lifecycle/drift.hpp"

#include <algorithm>

namespace learnloop {

DriftResult page_hinkley(const std::vector<double>& errors, const PageHinkleyOptions& options) {
  DriftResult out;
  double mean = 0, m = 0, min_m = 0;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const double x = errors[i] / options.scale;
    mean += (x - mean) / static_cast<double>(i + 1);
    m += x - mean - options.delta;
    min_m = std::min(min_m, m);
    out.statistic = std::max(out.statistic, m - min_m);
    if (i + 1 >= options.min_samples && m - min_m > options.lambda) {
      out.detected = true;
      out.at = i;
      return out;
    }
  }
  return out;
}

}  // namespace learnloop
