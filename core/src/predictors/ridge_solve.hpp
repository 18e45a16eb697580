// Internal: the last step of a ridge fit, shared by fit_ridge (centred sums over a dense matrix) and
// the learning job's model partial (centred sums from X'X and X'y): the penalty on the diagonal, the
// LDL^T solve with fit_ridge's collinearity test, and the intercept from the means.
#pragma once

#include <string>
#include <vector>

#include "dense_solve.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop::predictors {

/// Solves (gram + alpha I) w = moment (gram = Xc'Xc, both triangles; moment = Xc'yc) and b = y_mean - x_mean . w:
/// the ridge model on `names` with its version, without metrics; fails when the system is not positive definite.
Result<LinearModel> solve_centred_ridge(SymmetricMatrix gram, const std::vector<double>& moment,
                                        const std::vector<double>& x_mean, double y_mean, double alpha,
                                        std::vector<std::string> names);

}  // namespace learnloop::predictors
