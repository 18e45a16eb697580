// Preset feature sets and per-row outputs of the CTR, ROAS and conversion GBDT predictors.
#include "learnloop/predictors/gbdt_presets.hpp"

#include <algorithm>
#include <cmath>

#include "../analytics/analytics_math.hpp"
#include "learnloop/predictors/conformal.hpp"

namespace learnloop {

namespace {

constexpr double kTrendBand = 0.05;     // +-5% of the 30-day ROAS counts as stable
constexpr double kBreakEvenRoas = 1.0;  // below this, spend loses money
constexpr double kStrongRoas = 3.0;     // the spec's example threshold for scaling up
constexpr std::size_t kTopFactors = 3;  // the spec's example lists three factors

FeatureSpec spec_of(const std::vector<std::string>& numeric, const std::vector<std::string>& one_hot) {
  FeatureSpec spec;
  for (const std::string& name : numeric) spec.columns.push_back(feature_column(name, "numeric"));
  for (const std::string& name : one_hot) spec.columns.push_back(feature_column(name, "one_hot"));
  return spec;
}

}  // namespace

Result<std::string> preset_kind(const std::string& preset) {
  if (preset == "ctr" || preset == "roas") return std::string("gbdt-regressor");
  if (preset == "conversion") return std::string("gbdt-classifier");
  return invalid_argument("preset is \"" + preset + "\"; expected ctr, roas or conversion");
}

Result<FeatureSpec> preset_feature_spec(const std::string& preset) {
  if (preset == "roas")
    return spec_of({"historical_roas_7d", "historical_roas_30d", "spend_velocity", "ctr", "conversion_rate",
                    "impressions_growth", "day_of_week", "audience_size", "creative_fatigue_score"},
                   {"platform", "season"});
  if (preset == "conversion")
    return spec_of({"session_duration", "pages_viewed", "cart_value", "items_in_cart", "time_since_last_visit",
                    "previous_purchases"},
                   {"device_type", "traffic_source", "user_segment"});
  if (preset == "ctr")
    return invalid_argument(
        "the ctr preset has no fixed feature set in the specs; name the features or give a feature spec");
  return invalid_argument("preset is \"" + preset + "\"; expected ctr, roas or conversion");
}

std::string roas_trend(double recent, double baseline) {
  if (!(baseline > 0) || !std::isfinite(recent)) return "stable";
  const double change = recent / baseline - 1;
  if (change > kTrendBand) return "improving";
  if (change < -kTrendBand) return "declining";
  return "stable";
}

std::string roas_recommendation(double predicted_roas, const std::string& trend) {
  if (predicted_roas < kBreakEvenRoas) return "Reduce budget: predicted ROAS is below break-even (1.0)";
  if (trend == "declining") return "Hold budget and refresh creatives: ROAS is declining";
  if (predicted_roas >= kStrongRoas && trend == "improving") return "Increase budget by 15%";
  if (predicted_roas >= kStrongRoas) return "Increase budget by 10%";
  return "Maintain budget";
}

double percentile(std::vector<double> values, double q) { return analytics::quantile(std::move(values), q); }

nlohmann::ordered_json residual_quantiles(const std::vector<double>& truth, const std::vector<double>& predicted) {
  std::vector<double> residuals(truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) residuals[i] = truth[i] - predicted[i];
  return {{"p10", percentile(residuals, 0.1)}, {"p90", percentile(residuals, 0.9)}, {"samples", residuals.size()}};
}

Result<nlohmann::ordered_json> preset_outputs(const GbdtModel& model, const Dataset& x, const CsvTable& rows,
                                              const std::vector<double>& predictions) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  if (model.preset == "ctr") {
    Result<std::pair<std::vector<double>, std::vector<double>>> bounds = conformal_bounds(model.conformal, predictions);
    if (!bounds.ok()) return bounds.error();
    for (std::size_t r = 0; r < predictions.size(); ++r)
      out.push_back(
          {{"predicted_ctr", predictions[r]}, {"lower", bounds.value().first[r]}, {"upper", bounds.value().second[r]}});
  } else if (model.preset == "roas") {
    if (model.quantiles.is_null())
      return invalid_argument("the roas model has no residual quantiles; fit it with a test fraction > 0");
    const double p10 = model.quantiles["p10"].get<double>();
    const double p90 = model.quantiles["p90"].get<double>();
    Result<std::vector<double>> recent = rows.numbers("historical_roas_7d");
    Result<std::vector<double>> baseline = rows.numbers("historical_roas_30d");
    const bool has_trend = recent.ok() && baseline.ok();
    for (std::size_t r = 0; r < predictions.size(); ++r) {
      nlohmann::ordered_json row = {{"predicted_roas", predictions[r]},
                                    {"confidence_lower", predictions[r] + p10},
                                    {"confidence_upper", predictions[r] + p90}};
      const std::string trend = has_trend ? roas_trend(recent.value()[r], baseline.value()[r]) : "";
      row["trend"] = has_trend ? nlohmann::ordered_json(trend) : nlohmann::ordered_json(nullptr);
      row["recommendation"] = roas_recommendation(predictions[r], trend);
      out.push_back(std::move(row));
    }
  } else if (model.preset == "conversion") {
    std::vector<std::size_t> order(model.features.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return model.importance[a] > model.importance[b]; });
    order.resize(std::min(order.size(), kTopFactors));
    for (std::size_t r = 0; r < predictions.size(); ++r) {
      nlohmann::ordered_json factors = nlohmann::ordered_json::array();
      for (std::size_t f : order)
        factors.push_back({{"factor", model.features[f]}, {"impact", model.importance[f]}, {"value", x.at(r, f)}});
      out.push_back({{"conversion_probability", predictions[r]},
                     {"confidence", std::max(predictions[r], 1 - predictions[r])},
                     {"top_factors", std::move(factors)}});
    }
  } else {
    return invalid_argument("the model has no preset; expected ctr, roas or conversion");
  }
  return out;
}

}  // namespace learnloop
