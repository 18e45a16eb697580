// Constant columns in linear fits: a column that holds one value in every training row (a platform
// or content type with a single category, an hour that never changes) carries no information, so
// the fit leaves it out, gives it coefficient 0 and lists it in the model's "dropped" features;
// predict ignores it. fit_ridge() and fit_logistic() stay strict solvers; every fit from rows, the
// CLI, the JS API and the learning job go through fit_linear_matrix(). No I/O.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "learnloop/predictors/dataset.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop {

/// Indices of the columns of `x` that hold one value in every row (none when `x` has fewer than 2 rows).
std::vector<std::size_t> constant_columns(const Dataset& x);

/// Why a fit fails when every column (`names`) is listed in `dropped`: the columns named, and what is needed.
std::string all_constant_message(const std::vector<std::string>& names, const std::vector<std::size_t>& dropped);

/// `model`, fitted on the columns of `names` not listed in `dropped` (sorted), put back on all of them: the dropped
/// ones get coefficient 0 and are listed in LinearModel::dropped; the version is recomputed.
LinearModel with_dropped_columns(LinearModel model, const std::vector<std::string>& names,
                                 const std::vector<std::size_t>& dropped);

/// Fits "ridge" (penalty = alpha) or "logistic" (penalty = C) on `x` without its constant columns; they keep
/// coefficient 0 and are listed in LinearModel::dropped. Fails, naming them, when no column varies.
Result<LinearModel> fit_linear_matrix(const std::string& kind, const Dataset& x, const std::vector<double>& y,
                                      double penalty);

}  // namespace learnloop
