// Fitting and predicting on raw rows (CSV or JSON records) with a feature spec: the spec is
// learned on the training rows only, stored in the model, and applied again at predict. No I/O.
#pragma once

#include <string>
#include <vector>

#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// Fits a "ridge" (penalty = alpha) or "logistic" (penalty = C) model on `rows` with `spec`.
Result<LinearModel> fit_linear_rows(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                    const std::string& target, double penalty);

/// The design matrix of raw `rows` for `model`: its feature spec when it has one, else its feature columns.
Result<Dataset> model_inputs(const LinearModel& model, const CsvTable& rows);

/// The rows of `table` listed in `indices`, in that order.
CsvTable select_table_rows(const CsvTable& table, const std::vector<std::size_t>& indices);

}  // namespace learnloop
