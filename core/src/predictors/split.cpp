// Fisher-Yates shuffles on Rng, then contiguous test blocks; and the per-row rule: FNV-1a over the
// key's bytes from a seeded start, then a 64-bit finaliser so that keys differing in one character
// land far apart, read as 53 bits.
#include "learnloop/predictors/split.hpp"

#include <cmath>
#include <numeric>

#include "learnloop/core/fnv1a.hpp"
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

// MurmurHash3's 64-bit finaliser: every input bit moves about half of the output bits.
std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

bool held_out_by_key(std::string_view key, double test_fraction, std::uint64_t seed) {
  const std::uint64_t h = fnv1a_add(kFnv1aOffset64 ^ mix64(seed + 0x9e3779b97f4a7c15ULL), key.data(), key.size());
  const double u = static_cast<double>(mix64(h) >> 11) * 0x1.0p-53;  // exact: 53 bits, a power of two
  return u < test_fraction;
}

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
