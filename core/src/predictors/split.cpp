// Fisher-Yates shuffles on Rng, then contiguous test blocks.
#include "learnloop/predictors/split.hpp"

#include <cmath>
#include <numeric>

#include "learnloop/core/format.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {

namespace {

std::vector<std::size_t> shuffled(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed, 3);
  for (std::size_t i = n; i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.uniform() * static_cast<double>(i));
    std::swap(order[i - 1], order[j < i ? j : i - 1]);
  }
  return order;
}

}  // namespace

Result<Split> train_test_split(std::size_t n, double test_fraction, std::uint64_t seed) {
  if (!std::isfinite(test_fraction) || test_fraction <= 0 || test_fraction >= 1)
    return invalid_argument("test fraction is " + format_number(test_fraction) + "; expected a number in (0, 1)");
  const auto test = static_cast<std::size_t>(std::ceil(static_cast<double>(n) * test_fraction));
  if (test == 0 || test >= n)
    return invalid_argument(std::to_string(n) + " rows cannot be split " + format_number(1 - test_fraction) + " / " +
                            format_number(test_fraction) + " with rows on both sides; expected more rows");
  const std::vector<std::size_t> order = shuffled(n, seed);
  return Split{{order.begin() + static_cast<std::ptrdiff_t>(test), order.end()},
               {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(test)}};
}

Result<std::vector<Split>> k_fold(std::size_t n, std::size_t k, std::uint64_t seed) {
  if (k < 2 || k > n)
    return invalid_argument("k is " + std::to_string(k) + " for " + std::to_string(n) +
                            " rows; expected 2 <= k <= rows");
  const std::vector<std::size_t> order = shuffled(n, seed);
  std::vector<Split> folds;
  std::size_t start = 0;
  for (std::size_t f = 0; f < k; ++f) {
    const std::size_t size = n / k + (f < n % k ? 1 : 0);
    Split s;
    for (std::size_t i = 0; i < n; ++i) (i >= start && i < start + size ? s.test : s.train).push_back(order[i]);
    folds.push_back(std::move(s));
    start += size;
  }
  return folds;
}

}  // namespace learnloop
