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
  const double n = static_cast<double>(truth.size());
  double sse = 0;
  double sae = 0;
  double mean = 0;
  for (double t : truth) mean += t / n;
  double sst = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double e = truth[i] - predicted[i];
    sse += e * e;
    sae += std::abs(e);
    sst += (truth[i] - mean) * (truth[i] - mean);
  }
  RegressionMetrics m;
  m.mse = sse / n;
  m.rmse = std::sqrt(m.mse);
  m.mae = sae / n;
  m.r2 = sst > 0 ? 1 - sse / sst : (sse == 0 ? 1.0 : 0.0);
  return m;
}

ClassificationMetrics classification_metrics(const std::vector<double>& truth,
                                             const std::vector<double>& probabilities) {
  const std::size_t n = truth.size();
  double tp = 0, fp = 0, fn = 0, correct = 0, loss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool actual = truth[i] > 0.5;
    const bool predicted = probabilities[i] >= 0.5;
    tp += actual && predicted;
    fp += !actual && predicted;
    fn += actual && !predicted;
    correct += actual == predicted;
    const double p = std::clamp(probabilities[i], 1e-15, 1 - 1e-15);
    loss -= actual ? dmath::log(p) : dmath::log(1 - p);
  }
  ClassificationMetrics m;
  m.accuracy = correct / static_cast<double>(n);
  m.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  m.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  m.log_loss = loss / static_cast<double>(n);
  // AUC by the rank-sum (Mann-Whitney) statistic with average ranks for ties.
  // Only the groups of equal probabilities and their positives matter (every positive of a group adds the same rank),
  // so (probability, label) pairs sorted by probability give the same sums as an index sort, with no indirection.
  std::vector<std::pair<double, bool>> ranked(n);
  for (std::size_t i = 0; i < n; ++i) ranked[i] = {probabilities[i], truth[i] > 0.5};
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double positives = 0, rank_sum = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && ranked[j].first == ranked[i].first) ++j;
    const double average_rank = (static_cast<double>(i + j) + 1) / 2;  // ranks are 1-based
    for (std::size_t k = i; k < j; ++k) {
      if (ranked[k].second) {
        positives += 1;
        rank_sum += average_rank;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(n) - positives;
  m.roc_auc = positives > 0 && negatives > 0 ? (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
                                             : std::nan("");
  return m;
}

nlohmann::ordered_json metrics_json(bool classifier, const std::vector<double>& truth,
                                    const std::vector<double>& predicted) {
  nlohmann::ordered_json m;
  if (classifier) {
    const ClassificationMetrics c = classification_metrics(truth, predicted);
    m = {{"accuracy", c.accuracy},
         {"precision", c.precision},
         {"recall", c.recall},
         {"f1", c.f1},
         {"roc_auc", std::isnan(c.roc_auc) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.roc_auc)},
         {"log_loss", c.log_loss}};
  } else {
    const RegressionMetrics r = regression_metrics(truth, predicted);
    m = {{"mse", r.mse}, {"rmse", r.rmse}, {"mae", r.mae}, {"r2", r.r2}};
  }
  m["samples"] = truth.size();
  return m;
}

std::string model_content_hash_id(const std::string& kind, const std::string& bare_document) {
  return kind + "-" + format_hex64(fnv1a64(bare_document)).substr(0, 12);
}

}  // namespace learnloop
