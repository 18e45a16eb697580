// Metrics as scikit-learn computes them (r2_score, roc_auc_score with tie handling, log_loss).
#include "learnloop/predictors/metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>

#include "learnloop/core/det_math.hpp"
#include "learnloop/core/fnv1a.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

// Below this many values std::sort is as fast as sort_doubles' radix passes, and needs no histograms.
constexpr std::size_t kLeastRadixValues = 4096;
constexpr int kDigitBits = 16;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
constexpr int kPasses = 64 / kDigitBits;

// A double as an unsigned key in numeric order: negative, every bit flipped; else the sign bit set.
std::uint64_t order_key(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// The double of an order_key().
double of_order_key(std::uint64_t key) {
  const std::uint64_t bits = (key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key;
  double v = 0;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// Sorts `values` (no NaN) ascending, in the order std::sort gives (-0 and +0 are equal): a least-significant-digit
// radix sort of their order keys, 16 bits a pass, skipping passes whose digit every value shares. The AUC sorts each
// class's probabilities: at a million rows std::sort's n log n comparisons were the larger cost.
void sort_doubles(std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < kLeastRadixValues || n > std::numeric_limits<std::uint32_t>::max()) {
    std::sort(values.begin(), values.end());
    return;
  }
  std::vector<std::uint64_t> keys(n), scratch(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = order_key(values[i]);
  std::vector<std::array<std::uint32_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (const std::uint64_t k : keys)
    for (int p = 0; p < kPasses; ++p) ++counts[p][(k >> (p * kDigitBits)) & (kBuckets - 1)];
  for (int p = 0; p < kPasses; ++p) {
    std::array<std::uint32_t, kBuckets>& count = counts[p];
    const int shift = p * kDigitBits;
    if (count[(keys[0] >> shift) & (kBuckets - 1)] == n) continue;  // one digit for all: this pass keeps the order
    std::uint32_t at = 0;
    for (std::uint32_t& c : count) {
      const std::uint32_t here = c;
      c = at;
      at += here;
    }
    for (const std::uint64_t k : keys) scratch[count[(k >> shift) & (kBuckets - 1)]++] = k;
    keys.swap(scratch);
  }
  for (std::size_t i = 0; i < n; ++i) values[i] = of_order_key(keys[i]);
}

}  // namespace

RegressionMetrics regression_metrics(const std::vector<double>& truth, const std::vector<double>& predicted) {
  return regression_metrics(truth.size(), [&](bool, const std::function<void(double, double)>& row) {
    for (std::size_t i = 0; i < truth.size(); ++i) row(truth[i], predicted[i]);
  });
}

RegressionMetrics regression_metrics(std::size_t rows, const MetricRows& walk) {
  const double n = static_cast<double>(rows);
  double mean = 0;
  walk(false, [&](double t, double) { mean += t / n; });
  double sse = 0, sae = 0, sst = 0;
  walk(true, [&](double t, double p) {
    const double e = t - p;
    sse += e * e;
    sae += std::abs(e);
    sst += (t - mean) * (t - mean);
  });
  RegressionMetrics m;
  m.mse = sse / n;
  m.rmse = std::sqrt(m.mse);
  m.mae = sae / n;
  m.r2 = sst > 0 ? 1 - sse / sst : (sse == 0 ? 1.0 : 0.0);
  return m;
}

ClassificationMetrics classification_metrics(const std::vector<double>& truth,
                                             const std::vector<double>& probabilities) {
  return classification_metrics([&](bool, const std::function<void(double, double)>& row) {
    for (std::size_t i = 0; i < truth.size(); ++i) row(truth[i], probabilities[i]);
  });
}

ClassificationMetrics classification_metrics(const MetricRows& walk) {
  std::size_t positives = 0, negatives = 0;
  walk(false, [&](double truth, double) { ++(truth > 0.5 ? positives : negatives); });
  const bool ranked = positives > 0 && negatives > 0;  // an AUC needs both classes
  // Each class's probabilities, for the AUC (below).
  std::vector<double> positive, negative;
  if (ranked) {
    positive.reserve(positives);
    negative.reserve(negatives);
  }
  double tp = 0, fp = 0, fn = 0, correct = 0, loss = 0;
  walk(true, [&](double truth, double probability) {
    const bool actual = truth > 0.5;
    const bool predicted = probability >= 0.5;
    tp += actual && predicted;
    fp += !actual && predicted;
    fn += actual && !predicted;
    correct += actual == predicted;
    const double p = std::clamp(probability, 1e-15, 1 - 1e-15);
    loss -= actual ? dmath::log(p) : dmath::log(1 - p);
    if (ranked) (actual ? positive : negative).push_back(probability);
  });
  const double n = static_cast<double>(positives + negatives);
  ClassificationMetrics m;
  m.accuracy = correct / n;
  m.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  m.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  m.log_loss = loss / n;
  const auto is_nan = [](double p) { return std::isnan(p); };
  if (!ranked || std::any_of(positive.begin(), positive.end(), is_nan) ||
      std::any_of(negative.begin(), negative.end(), is_nan)) {
    m.roc_auc = std::nan("");
    return m;
  }
  // AUC as the Mann-Whitney U over (positive, negative) pairs, ties counting half: both classes sorted, one sweep
  // counts for each run of equal positives the negatives below it and those tied with it. U is a sum of halves, exact
  // in a double (P x N < 2^53), so it is the same number the rank sum gives, and so is the AUC.
  sort_doubles(positive);
  sort_doubles(negative);
  double u = 0;           // pairs whose positive ranks above their negative, plus half the ties
  std::size_t below = 0;  // negatives below the current positive
  for (std::size_t i = 0; i < positive.size();) {
    const double value = positive[i];
    std::size_t run = i;
    while (run < positive.size() && positive[run] == value) ++run;
    while (below < negative.size() && negative[below] < value) ++below;
    std::size_t tied = below;
    while (tied < negative.size() && negative[tied] == value) ++tied;
    u += static_cast<double>(run - i) * (static_cast<double>(below) + 0.5 * static_cast<double>(tied - below));
    i = run;
  }
  m.roc_auc = u / (static_cast<double>(positives) * static_cast<double>(negatives));
  return m;
}

nlohmann::ordered_json metrics_json(bool classifier, const std::vector<double>& truth,
                                    const std::vector<double>& predicted) {
  return classifier ? metrics_json(classification_metrics(truth, predicted), truth.size())
                    : metrics_json(regression_metrics(truth, predicted), truth.size());
}

nlohmann::ordered_json metrics_json(const ClassificationMetrics& c, std::size_t samples) {
  return {{"accuracy", c.accuracy},
          {"precision", c.precision},
          {"recall", c.recall},
          {"f1", c.f1},
          {"roc_auc", std::isnan(c.roc_auc) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.roc_auc)},
          {"log_loss", c.log_loss},
          {"samples", samples}};
}

nlohmann::ordered_json metrics_json(const RegressionMetrics& r, std::size_t samples) {
  return {{"mse", r.mse}, {"rmse", r.rmse}, {"mae", r.mae}, {"r2", r.r2}, {"samples", samples}};
}

std::string model_content_hash_id(const std::string& kind, const std::string& bare_document) {
  return kind + "-" + format_hex64(fnv1a64(bare_document)).substr(0, 12);
}

}  // namespace learnloop
