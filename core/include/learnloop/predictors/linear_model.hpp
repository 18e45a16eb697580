// Linear predictors with scikit-learn's objectives: ridge regression (closed form) and L2
// logistic regression (Newton's method to a tight tolerance). A fitted model is a plain versioned
// document (features, coefficients on the original feature scale, intercept, params, training
// metrics) that predicts the same natively and in wasm. No I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/dataset.hpp"

namespace learnloop {

/// A fitted linear model.
struct LinearModel {
  std::string kind;                     ///< "ridge" (predicts a value) or "logistic" (predicts P(y = 1))
  std::string version;                  ///< content id, e.g. "ridge-3f9a1c20b4de": same fit, same id
  std::vector<std::string> features;    ///< feature names, in coefficient order
  std::vector<double> coefficients;     ///< one per feature, on the original feature scale
  std::vector<std::string> dropped;     ///< features left out of the fit (constant in training; coefficient 0)
  double intercept = 0;                 ///< unpenalised intercept
  nlohmann::ordered_json params;        ///< fit settings, e.g. {"alpha": 1}
  nlohmann::ordered_json metrics;       ///< {"train": {...}} and, with a holdout, {"test": {...}}
  nlohmann::ordered_json feature_spec;  ///< fitted feature spec (see feature_spec.hpp), or null for plain columns
  nlohmann::ordered_json conformal;     ///< {"coverage","half_width","samples"} (see conformal.hpp), or null
  std::size_t iterations = 0;           ///< Newton iterations (logistic; 0 for ridge)

  /// Predictions for every row of `x` (its columns must be the model's features, in order).
  Result<std::vector<double>> predict(const Dataset& x) const;
};

/// Ridge settings: minimise ||y - Xw - b||^2 + alpha ||w||^2.
struct RidgeOptions {
  double alpha = 1.0;  ///< L2 penalty (>= 0; 0 is ordinary least squares)
};

/// Logistic settings: minimise C * sum(log loss) + 0.5 ||w||^2 (scikit-learn's penalty='l2').
struct LogisticOptions {
  double c = 1.0;            ///< inverse regularisation strength (> 0)
  int max_iterations = 100;  ///< Newton iterations at most
  double tolerance = 1e-10;  ///< stop when the largest Newton step is below this (relative)
};

/// Fits ridge regression; rejects non-finite data, constant columns and fewer rows than features.
Result<LinearModel> fit_ridge(const Dataset& x, const std::vector<double>& y, const RidgeOptions& options);

/// Fits binary logistic regression on y in {0, 1}; rejects a single class and the cases fit_ridge rejects.
Result<LinearModel> fit_logistic(const Dataset& x, const std::vector<double>& y, const LogisticOptions& options);

/// Training (and optional holdout) metrics of `model` on (x, y) under the key `split` of model.metrics.
Status add_metrics(LinearModel& model, const std::string& split, const Dataset& x, const std::vector<double>& y);

/// The model document: {"format":"learnloop.model","format_version":1,"kind","version","features",
/// "coefficients","intercept","params","metrics"} plus "dropped", "feature_spec" and "conformal" when the model has
/// them.
std::string model_to_json(const LinearModel& model);

/// Content id "<kind>-<12 hex digits>" of what the model computes (document without version and metrics).
std::string model_content_id(const LinearModel& model);

/// Reads a model document; rejects other formats and newer format versions.
Result<LinearModel> model_from_json(const std::string& text);

}  // namespace learnloop
