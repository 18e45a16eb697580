// Split conformal prediction intervals for regressors: the absolute residuals of a held-out
// calibration set give a half-width q such that [prediction - q, prediction + q] covers a new
// exchangeable observation with probability >= the stated coverage. No I/O.
#pragma once

#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop {

/// The calibrated interval of a regressor.
struct ConformalInterval {
  double coverage = 0.9;    ///< target coverage in (0, 1)
  double half_width = 0;    ///< q: the ceil((n + 1) coverage)-th smallest calibration residual
  std::size_t samples = 0;  ///< calibration rows
};

/// Calibrates `model` (a regressor) on held-out (x, y); needs ceil((n + 1) coverage) <= n.
Result<ConformalInterval> calibrate_conformal(const LinearModel& model, const Dataset& x, const std::vector<double>& y,
                                              double coverage);

/// Calibrates from held-out predictions and their truth (same length); needs ceil((n + 1) coverage) <= n.
Result<ConformalInterval> conformal_from_predictions(const std::vector<double>& predicted, const std::vector<double>& y,
                                                     double coverage);

/// The interval as stored in model documents: {"coverage","half_width","samples"}.
nlohmann::ordered_json conformal_to_json(const ConformalInterval& interval);

/// Lower and upper bounds for `predictions` from a stored interval document, or an error if it is null.
Result<std::pair<std::vector<double>, std::vector<double>>> conformal_bounds(const nlohmann::ordered_json& conformal,
                                                                             const std::vector<double>& predictions);

/// Stores `interval` in the model document (key "conformal").
void attach_conformal(LinearModel& model, const ConformalInterval& interval);

/// Lower and upper bounds for `predictions` from the model's stored interval, or an error if it has none.
Result<std::pair<std::vector<double>, std::vector<double>>> conformal_bounds(const LinearModel& model,
                                                                             const std::vector<double>& predictions);

}  // namespace learnloop
