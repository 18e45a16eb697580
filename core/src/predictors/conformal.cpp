// Split conformal calibration (Vovk et al.; Lei et al. 2018) and its use at predict time.
#include "learnloop/predictors/conformal.hpp"

#include <algorithm>
#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {

Result<ConformalInterval> calibrate_conformal(const LinearModel& model, const Dataset& x, const std::vector<double>& y,
                                              double coverage) {
  if (model.kind != "ridge")
    return invalid_argument("conformal intervals are for regressors; this is a " + model.kind + " model");
  if (!std::isfinite(coverage) || coverage <= 0 || coverage >= 1)
    return invalid_argument("coverage is " + format_number(coverage) + "; expected a number in (0, 1), e.g. 0.9");
  Status s = check_target(x, y, "target");
  if (!s.ok()) return s.error();
  Result<std::vector<double>> predicted = model.predict(x);
  if (!predicted.ok()) return predicted.error();
  return conformal_from_predictions(predicted.value(), y, coverage);
}

Result<ConformalInterval> conformal_from_predictions(const std::vector<double>& predicted, const std::vector<double>& y,
                                                     double coverage) {
  if (!std::isfinite(coverage) || coverage <= 0 || coverage >= 1)
    return invalid_argument("coverage is " + format_number(coverage) + "; expected a number in (0, 1), e.g. 0.9");
  if (predicted.size() != y.size())
    return invalid_argument(std::to_string(predicted.size()) + " predictions for " + std::to_string(y.size()) +
                            " targets; expected one per target");
  std::vector<double> residuals(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) residuals[i] = std::abs(y[i] - predicted[i]);
  const std::size_t n = residuals.size();
  const auto rank = static_cast<std::size_t>(std::ceil(static_cast<double>(n + 1) * coverage));
  if (rank > n || n == 0)
    return invalid_argument(std::to_string(n) + " calibration rows are too few for coverage " +
                            format_number(coverage) + "; expected at least " +
                            std::to_string(static_cast<std::size_t>(std::ceil(coverage / (1 - coverage)))));
  std::nth_element(residuals.begin(), residuals.begin() + static_cast<std::ptrdiff_t>(rank - 1), residuals.end());
  return ConformalInterval{coverage, residuals[rank - 1], n};
}

nlohmann::ordered_json conformal_to_json(const ConformalInterval& interval) {
  return {{"coverage", interval.coverage}, {"half_width", interval.half_width}, {"samples", interval.samples}};
}

void attach_conformal(LinearModel& model, const ConformalInterval& interval) {
  model.conformal = conformal_to_json(interval);
}

Result<std::pair<std::vector<double>, std::vector<double>>> conformal_bounds(const LinearModel& model,
                                                                             const std::vector<double>& predictions) {
  return conformal_bounds(model.conformal, predictions);
}

Result<std::pair<std::vector<double>, std::vector<double>>> conformal_bounds(const nlohmann::ordered_json& conformal,
                                                                             const std::vector<double>& predictions) {
  if (conformal.is_null() || !conformal.contains("half_width") || !conformal["half_width"].is_number())
    return invalid_argument("the model has no conformal interval; fit it with a test fraction > 0");
  const double q = conformal["half_width"].get<double>();
  std::pair<std::vector<double>, std::vector<double>> bounds;
  for (double p : predictions) {
    bounds.first.push_back(p - q);
    bounds.second.push_back(p + q);
  }
  return bounds;
}

}  // namespace learnloop
