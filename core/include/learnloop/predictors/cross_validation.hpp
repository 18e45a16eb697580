// k-fold cross-validation of any predictor kind (ridge, logistic, gbdt-regressor, gbdt-classifier)
// on raw rows with a feature spec, over the seeded folds of split.hpp: each fold learns the spec and
// fits on the other folds and is scored on its own rows. No I/O.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// Cross-validation settings.
struct CrossValidationOptions {
  std::size_t folds = 5;   ///< k, 2 <= k <= rows
  std::uint64_t seed = 0;  ///< seed of the fold assignment (and GBDT sampling via gbdt.seed)
  double penalty = 1;      ///< ridge alpha or logistic C
  GbdtOptions gbdt;        ///< GBDT settings (early stopping uses 10% of each fold's training rows)
};

/// {"kind","folds","seed","fold_metrics":[{...}],"mean":{...},"std":{...}}: test metrics per fold and
/// their mean and population standard deviation.
Result<nlohmann::ordered_json> cross_validate(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                              const std::string& target, const CrossValidationOptions& options);

}  // namespace learnloop
