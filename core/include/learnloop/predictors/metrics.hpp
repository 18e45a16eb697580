// Regression and binary-classification metrics, computed the way scikit-learn defines them. No I/O.
#pragma once

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

/// A model document's content id: "<kind>-" and 12 hex digits of the FNV-1a hash of `bare_document`
/// (the document without version, metrics and calibration), so the same fit has the same id everywhere.
std::string model_content_hash_id(const std::string& kind, const std::string& bare_document);

/// The metrics object of a model document: classification metrics (probabilities) or regression metrics, plus
/// "samples".
nlohmann::ordered_json metrics_json(bool classifier, const std::vector<double>& truth,
                                    const std::vector<double>& predicted);

}  // namespace learnloop
