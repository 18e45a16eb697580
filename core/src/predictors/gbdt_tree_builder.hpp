// Internal: grows one tree of the GBDT fit on binned features from per-row gradients and hessians,
// depth-wise, with histogram subtraction (the larger child's histogram is parent minus smaller).
#pragma once

#include <vector>

#include "gbdt_binning.hpp"
#include "learnloop/predictors/gbdt.hpp"

namespace learnloop::predictors {

/// Settings of one tree, taken from GbdtOptions.
struct TreeSettings {
  int max_depth = 6;            ///< depth limit
  double min_child_weight = 1;  ///< minimum hessian sum per child
  double lambda = 1;            ///< L2 penalty on leaf weights
  double learning_rate = 0.1;   ///< leaf values are scaled by this
};

/// Grows a tree over `rows` using only `features`; adds each split's gain to gain_by_feature[feature].
GbdtTree grow_tree(const BinnedMatrix& binned, const std::vector<double>& grad, const std::vector<double>& hess,
                   const std::vector<std::size_t>& rows, const std::vector<std::size_t>& features,
                   const TreeSettings& settings, std::vector<double>& gain_by_feature);

}  // namespace learnloop::predictors
