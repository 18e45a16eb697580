// Fitting GBDT models on raw rows (CSV or JSON records) with a feature spec: a seeded train/test
// split, a validation share of the training rows for early stopping, test metrics, and for
// regressors a split-conformal interval and the residual P10/P90 calibrated on the test rows.
// No I/O.
#pragma once

#include <cstdint>
#include <string>

#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// How fit_gbdt_rows splits and calibrates.
struct GbdtRowsOptions {
  double test_fraction = 0.2;        ///< rows held out for test metrics and calibration, in [0, 1)
  double validation_fraction = 0.1;  ///< share of training rows scored for early stopping (used only when it is on)
  double coverage = 0.9;             ///< split-conformal coverage for regressors
  std::uint64_t seed = 0;            ///< seed of the splits
  std::string preset;                ///< "", "ctr", "roas" or "conversion": stored in the model document
};

/// Fits `kind` on `rows`: learns `spec` on the training rows only, fits, scores the test rows and calibrates.
Result<GbdtModel> fit_gbdt_rows(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                const std::string& target, const GbdtOptions& options, const GbdtRowsOptions& split);

}  // namespace learnloop
