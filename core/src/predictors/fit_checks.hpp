// Internal: checks shared by every fit (shape, constant columns), so each model rejects the same
// bad input with the same message.
#pragma once

#include "learnloop/predictors/dataset.hpp"

namespace learnloop::predictors {

/// Fails for no rows, fewer rows than features, a wrong target length or non-finite targets, or a constant column.
Status check_fit_input(const Dataset& x, const std::vector<double>& y);

}  // namespace learnloop::predictors
