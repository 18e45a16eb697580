// Fitting and predicting on raw rows (CSV or JSON records) with a feature spec: the spec is
// learned on the training rows only, stored in the model, and applied again at predict. No I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// Fits a "ridge" (penalty = alpha) or "logistic" (penalty = C) model on `rows` with `spec`.
Result<LinearModel> fit_linear_rows(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                    const std::string& target, double penalty);

/// A fit with a held-out test split: the model (with "test" metrics when rows were held out) and the test rows.
struct HoldoutFit {
  LinearModel model;           ///< fitted on the training rows
  Dataset test_x;              ///< design matrix of the test rows (0 rows when test_fraction is 0)
  std::vector<double> test_y;  ///< targets of the test rows
  std::size_t train_rows = 0;  ///< rows the model was fitted on
};

/// Splits `rows` with `seed` (test_fraction 0: all rows train), fits on the training rows and scores the rest.
Result<HoldoutFit> fit_linear_holdout(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                      const std::string& target, double penalty, double test_fraction,
                                      std::uint64_t seed);

/// Rows split once, with the spec learned on the training rows and their design matrix, for fitting several targets.
struct HoldoutRows {
  FeatureSpec spec;  ///< the spec learned on the training rows
  Dataset train_x;   ///< design matrix of the training rows
  CsvTable train;    ///< the training rows
  CsvTable test;     ///< the held-out rows (none when test_fraction is 0)
};

/// The split, learned spec and training design matrix that fit_linear_holdout() would build from these arguments.
Result<HoldoutRows> prepare_holdout(const FeatureSpec& spec, const CsvTable& rows, double test_fraction,
                                    std::uint64_t seed);

/// fit_linear_holdout() on prepared rows: the same model, metrics and test rows, without splitting and encoding again.
Result<HoldoutFit> fit_prepared_holdout(const std::string& kind, const HoldoutRows& rows, const std::string& target,
                                        double penalty);

/// The design matrix of raw `rows` for `model`: its feature spec when it has one, else its feature columns.
Result<Dataset> model_inputs(const LinearModel& model, const CsvTable& rows);

/// The design matrix of raw `rows` under a fitted `feature_spec` (JSON), or the plain columns `features` when it is
/// null.
Result<Dataset> design_matrix(const std::vector<std::string>& features, const nlohmann::ordered_json& feature_spec,
                              const CsvTable& rows);

/// The rows of `table` listed in `indices`, in that order.
CsvTable select_table_rows(const CsvTable& table, const std::vector<std::size_t>& indices);

}  // namespace learnloop
