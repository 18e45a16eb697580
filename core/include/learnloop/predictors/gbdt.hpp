// Gradient-boosted decision trees in the manner of XGBoost's `hist` method: features are binned
// into at most 256 quantile bins learned at fit, trees grow depth-wise with second-order gains
// 0.5 (GL^2/(HL+lambda) + GR^2/(HR+lambda) - G^2/(H+lambda)) and leaf weights -G/(H+lambda) times
// the learning rate. Squared-error regression and binary log-loss classification; seeded row
// subsampling and per-tree column sampling on learnloop's own Rng; early stopping on a validation
// set keeps the best iteration. Missing values are not supported (the Dataset checks reject them).
// A fitted model is a versioned JSON document that predicts bit-identically natively and in wasm.
// No I/O.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/dataset.hpp"

namespace learnloop {

/// One regression tree as flat node arrays; node 0 is the root.
struct GbdtTree {
  std::vector<int> feature;       ///< split feature per node, -1 for a leaf
  std::vector<double> threshold;  ///< rows with x[feature] < threshold go left
  std::vector<int> left;          ///< left child per node (-1 for a leaf)
  std::vector<int> right;         ///< right child per node (-1 for a leaf)
  std::vector<double> value;      ///< leaf value (already scaled by the learning rate); 0 for split nodes

  /// The leaf value reached by `row` (cols values of one example).
  double leaf_value(const double* row) const;
};

/// A fitted gradient-boosted model.
struct GbdtModel {
  std::string kind;                   ///< "gbdt-regressor" (predicts a value) or "gbdt-classifier" (predicts P(y = 1))
  std::string version;                ///< content id, e.g. "gbdt-regressor-3f9a1c20b4de"
  std::vector<std::string> features;  ///< feature names, in column order
  double base_score = 0;              ///< starting margin: mean(y), or logit(mean(y)) for the classifier
  std::vector<GbdtTree> trees;        ///< trees up to and including the best iteration
  std::vector<double> importance;     ///< total split gain per feature, normalised to sum 1 (all 0 without splits)
  std::size_t best_iteration = 0;     ///< 0-based index of the last kept tree (early stopping keeps the best)
  nlohmann::ordered_json params;      ///< fit settings
  nlohmann::ordered_json metrics;     ///< {"train": {...}} and, with a holdout, {"test": {...}}, {"validation": ...}
  nlohmann::ordered_json feature_spec;  ///< fitted feature spec, or null for plain columns
  nlohmann::ordered_json conformal;     ///< split-conformal interval {"coverage","half_width","samples"}, or null
  nlohmann::ordered_json quantiles;     ///< residual quantiles {"p10","p90","samples"} of a holdout, or null
  std::string preset;                   ///< "", "ctr", "roas" or "conversion" (see gbdt_presets.hpp)

  /// Margins (before the sigmoid) for every row of `x`.
  Result<std::vector<double>> predict_margin(const Dataset& x) const;
  /// Predictions for every row of `x`: values, or probabilities of class 1 for the classifier.
  Result<std::vector<double>> predict(const Dataset& x) const;
};

/// Most boosting rounds a fit runs (each round is one tree kept in the model).
constexpr int kMaxGbdtEstimators = 10000;

/// Boosting settings; defaults follow the specs' ROAS model (XGBoost's except learning_rate 0.1).
struct GbdtOptions {
  int n_estimators = 100;         ///< boosting rounds, in 1..kMaxGbdtEstimators
  int max_depth = 6;              ///< depth of each tree (1..16)
  double learning_rate = 0.1;     ///< shrinkage eta in (0, 1]
  double min_child_weight = 1;    ///< minimum hessian sum in a child (>= 0)
  double lambda = 1;              ///< L2 penalty on leaf weights (>= 0)
  double subsample = 1;           ///< share of rows sampled per tree, in (0, 1]
  double colsample = 1;           ///< share of features sampled per tree, in (0, 1]
  int max_bins = 256;             ///< histogram bins per feature (2..256)
  int early_stopping_rounds = 0;  ///< stop after this many rounds without validation gain (0: off)
  std::uint64_t seed = 0;         ///< seed of the row and column sampling
};

/// Held-out rows that early stopping scores after every round.
struct GbdtValidation {
  Dataset x;              ///< validation features (the training columns)
  std::vector<double> y;  ///< validation targets
};

/// Fits a "gbdt-regressor" or "gbdt-classifier" (y in {0, 1}, both classes present); `validation` is
/// needed when options.early_stopping_rounds > 0 and otherwise only reported.
Result<GbdtModel> fit_gbdt(const std::string& kind, const Dataset& x, const std::vector<double>& y,
                           const GbdtOptions& options, const GbdtValidation* validation = nullptr);

/// Reads boosting settings from a JSON object (keys as in GbdtOptions); absent keys keep defaults.
Result<GbdtOptions> gbdt_options_from_json(const nlohmann::json& object);

/// Metrics of `model` on (x, y) stored under model.metrics[split].
Status add_gbdt_metrics(GbdtModel& model, const std::string& split, const Dataset& x, const std::vector<double>& y);

/// The model document: {"format":"learnloop.model","format_version":1,"kind","version","features",
/// "base_score","best_iteration","params","importance","trees":[{"feature","threshold","left","right","value"}],
/// "metrics"} plus "preset", "feature_spec", "conformal" and "quantiles" when present.
std::string gbdt_to_json(const GbdtModel& model);

/// Content id "<kind>-<12 hex digits>" of what the model computes (document without version and metrics).
std::string gbdt_content_id(const GbdtModel& model);

/// Reads a GBDT model document; rejects other formats, newer major versions and malformed trees.
Result<GbdtModel> gbdt_from_json(const std::string& text);

/// True when `kind` names a GBDT model ("gbdt-regressor" or "gbdt-classifier").
bool is_gbdt_kind(const std::string& kind);

}  // namespace learnloop
