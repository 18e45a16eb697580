// The specs' GBDT predictors as presets (spec 004, issue 4 item 7): feature sets and per-row
// outputs. "ctr": predicted_ctr with its split-conformal interval. "roas": predicted_roas,
// confidence_lower/upper = prediction + the 10th/90th percentile of the signed test residuals
// (y - prediction) stored at fit, trend from historical_roas_7d vs historical_roas_30d when the
// rows have them, and a recommendation. "conversion": conversion_probability, confidence =
// max(p, 1 - p), and the top 3 features by gain importance with the row's value. No I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// The GBDT kind of a preset: gbdt-regressor for ctr and roas, gbdt-classifier for conversion.
Result<std::string> preset_kind(const std::string& preset);

/// The spec's feature set of a preset (roas, conversion); ctr has none in the specs, so it is an error.
Result<FeatureSpec> preset_feature_spec(const std::string& preset);

/// Trend of recent vs baseline ROAS: "improving" above +5%, "declining" below -5%, else "stable".
std::string roas_trend(double recent, double baseline);

/// The ROAS recommendation for a predicted ROAS and its trend ("" when the trend is unknown).
std::string roas_recommendation(double predicted_roas, const std::string& trend);

/// numpy.percentile(values, 100 q) with linear interpolation; values non-empty, q in [0, 1].
double percentile(std::vector<double> values, double q);

/// {"p10","p90","samples"} of the signed residuals truth - predicted.
nlohmann::ordered_json residual_quantiles(const std::vector<double>& truth, const std::vector<double>& predicted);

/// One object per row with the preset's fields; `x` is the design matrix of `rows`, `predictions` the model's.
Result<nlohmann::ordered_json> preset_outputs(const GbdtModel& model, const Dataset& x, const CsvTable& rows,
                                              const std::vector<double>& predictions);

}  // namespace learnloop
