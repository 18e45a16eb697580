// Metrics as scikit-learn computes them (r2_score, roc_auc_score with tie handling, log_loss).
#include "learnloop/predictors/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "learnloop/core/det_math.hpp"
#include "learnloop/core/fnv1a.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {

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
  // The smaller class's probabilities are kept for the AUC (below).
  const bool ranked = positives > 0 && negatives > 0;  // an AUC needs both classes
  const bool keep_positives = positives <= negatives;
  std::vector<double> kept;
  if (ranked) kept.reserve(keep_positives ? positives : negatives);
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
    if (ranked && actual == keep_positives) kept.push_back(probability);
  });
  const double n = static_cast<double>(positives + negatives);
  ClassificationMetrics m;
  m.accuracy = correct / n;
  m.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  m.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  m.log_loss = loss / n;
  if (!ranked) {
    m.roc_auc = std::nan("");
    return m;
  }
  // AUC as the Mann-Whitney U over (positive, negative) pairs, ties counting half: the smaller class's probabilities
  // sorted, each row of the other class counted against them. U is a sum of halves, exact in a double (P x N < 2^53),
  // so it is the same number the rank sum gives, and so is the AUC.
  std::sort(kept.begin(), kept.end());
  double u = 0;  // pairs whose positive ranks above their negative, plus half the ties
  walk(true, [&](double truth, double probability) {
    if ((truth > 0.5) == keep_positives) return;
    const auto lo = std::lower_bound(kept.begin(), kept.end(), probability);
    const auto hi = std::upper_bound(lo, kept.end(), probability);
    // A negative row: the kept positives above it; a positive row: the kept negatives below it.
    const double beaten =
        keep_positives ? static_cast<double>(kept.end() - hi) : static_cast<double>(lo - kept.begin());
    u += beaten + 0.5 * static_cast<double>(hi - lo);
  });
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
