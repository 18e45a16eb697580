// Regression and binary-classification metrics, computed the way scikit-learn defines them. No I/O.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace learnloop {

/// Regression quality of predictions against truth.
struct RegressionMetrics {
  double mse = 0;   ///< mean squared error
  double rmse = 0;  ///< square root of mse
  double mae = 0;   ///< mean absolute error
  double r2 = 0;    ///< 1 - SSE / SST (0 when the truth is constant and predictions are exact; sklearn's convention)
};

/// Binary-classification quality of probabilities against 0/1 truth (threshold 0.5).
struct ClassificationMetrics {
  double accuracy = 0;   ///< share of correct labels
  double precision = 0;  ///< TP / (TP + FP); 0 when nothing is predicted positive
  double recall = 0;     ///< TP / (TP + FN); 0 when there are no positives
  double f1 = 0;         ///< harmonic mean of precision and recall
  double roc_auc = 0;    ///< area under the ROC curve (ties count half); NaN with one class
  double log_loss = 0;   ///< mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
};

/// Metrics of `predicted` against `truth` (same length, >= 1).
RegressionMetrics regression_metrics(const std::vector<double>& truth, const std::vector<double>& predicted);

/// Metrics of `probabilities` of class 1 against `truth` in {0, 1} (same length, >= 1).
ClassificationMetrics classification_metrics(const std::vector<double>& truth,
                                             const std::vector<double>& probabilities);

/// Walks a model's rows: calls `row` once per row with the row's truth and, when `predictions` is set, its prediction
/// (else 0), in the same order on every walk, so metrics need hold no column of them.
using MetricRows =
    std::function<void(bool predictions, const std::function<void(double truth, double predicted)>& row)>;

/// Metrics of the `rows` (>= 1) rows that `walk` gives: a walk of the truths for their mean, then one with the
/// predictions; the same figures as regression_metrics() over the rows as columns.
RegressionMetrics regression_metrics(std::size_t rows, const MetricRows& walk);

/// Metrics of the probabilities `walk` gives against their truths (>= 1 row): a walk of the truths to count the
/// classes, one with the probabilities (the counts, and each class's probabilities kept, then sorted and swept once for
/// the AUC); the same figures as classification_metrics() over the rows as columns, holding 8 bytes per row; the AUC is
/// NaN when a probability is.
ClassificationMetrics classification_metrics(const MetricRows& walk);

/// A model document's content id: "<kind>-" and 12 hex digits of the FNV-1a hash of `bare_document`
/// (the document without version, metrics and calibration), so the same fit has the same id everywhere.
std::string model_content_hash_id(const std::string& kind, const std::string& bare_document);

/// The metrics object of a model document: classification metrics (probabilities) or regression metrics, plus
/// "samples".
nlohmann::ordered_json metrics_json(bool classifier, const std::vector<double>& truth,
                                    const std::vector<double>& predicted);

/// The metrics object of a classifier's `samples` rows.
nlohmann::ordered_json metrics_json(const ClassificationMetrics& c, std::size_t samples);

/// The metrics object of a regressor's `samples` rows.
nlohmann::ordered_json metrics_json(const RegressionMetrics& r, std::size_t samples);

}  // namespace learnloop
