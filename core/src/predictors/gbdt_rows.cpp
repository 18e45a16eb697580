// Raw rows -> splits -> fitted feature spec -> GBDT fit -> test metrics and calibration.
#include "learnloop/predictors/gbdt_rows.hpp"

#include "learnloop/predictors/conformal.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/gbdt_presets.hpp"
#include "learnloop/predictors/split.hpp"

namespace learnloop {

namespace {

std::vector<std::size_t> pick(const std::vector<std::size_t>& from, const std::vector<std::size_t>& positions) {
  std::vector<std::size_t> out;
  out.reserve(positions.size());
  for (std::size_t p : positions) out.push_back(from[p]);
  return out;
}

}  // namespace

Result<GbdtModel> fit_gbdt_rows(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                const std::string& target, const GbdtOptions& options, const GbdtRowsOptions& split) {
  if (!is_gbdt_kind(kind))
    return invalid_argument("model kind is \"" + kind + "\"; expected gbdt-regressor or gbdt-classifier");
  if (!split.preset.empty()) {
    Result<std::string> preset = preset_kind(split.preset);
    if (!preset.ok()) return preset.error();
    if (preset.value() != kind)
      return invalid_argument("preset " + split.preset + " is a " + preset.value() + "; fit a " + preset.value());
    if (kind == "gbdt-regressor" && split.test_fraction == 0)
      return invalid_argument("preset " + split.preset +
                              " needs test rows to calibrate its interval; use a test fraction above 0");
  }
  Split holdout;
  if (split.test_fraction == 0) {
    for (std::size_t i = 0; i < rows.rows.size(); ++i) holdout.train.push_back(i);
  } else {
    Result<Split> made = train_test_split(rows.rows.size(), split.test_fraction, split.seed);
    if (!made.ok()) return made.error();
    holdout = made.value();
  }
  std::vector<std::size_t> fit_rows = holdout.train;
  std::vector<std::size_t> valid_rows;
  if (options.early_stopping_rounds > 0) {
    Result<Split> inner = train_test_split(holdout.train.size(), split.validation_fraction, split.seed + 1);
    if (!inner.ok()) return Error{inner.error().code, "validation split for early stopping: " + inner.error().message};
    fit_rows = pick(holdout.train, inner.value().train);
    valid_rows = pick(holdout.train, inner.value().test);
  }
  const CsvTable train_table = select_table_rows(rows, fit_rows);
  Result<FeatureSpec> fitted_spec = learn_feature_spec(spec, train_table);
  if (!fitted_spec.ok()) return fitted_spec.error();
  const nlohmann::ordered_json spec_json = feature_spec_to_json(fitted_spec.value());
  Result<Dataset> x = apply_feature_spec(fitted_spec.value(), train_table);
  if (!x.ok()) return x.error();
  Result<std::vector<double>> y = train_table.numbers(target);
  if (!y.ok()) return y.error();
  GbdtValidation validation;
  if (!valid_rows.empty()) {
    const CsvTable valid_table = select_table_rows(rows, valid_rows);
    Result<Dataset> vx = apply_feature_spec(fitted_spec.value(), valid_table);
    if (!vx.ok()) return vx.error();
    Result<std::vector<double>> vy = valid_table.numbers(target);
    if (!vy.ok()) return vy.error();
    validation = GbdtValidation{std::move(vx).value(), std::move(vy).value()};
  }
  Result<GbdtModel> fitted = fit_gbdt(kind, x.value(), y.value(), options, valid_rows.empty() ? nullptr : &validation);
  if (!fitted.ok()) return fitted.error();
  GbdtModel model = std::move(fitted).value();
  model.feature_spec = spec_json;
  model.preset = split.preset;
  model.version = gbdt_content_id(model);
  if (holdout.test.empty()) return model;

  const CsvTable test_table = select_table_rows(rows, holdout.test);
  Result<Dataset> test_x = design_matrix(model.features, model.feature_spec, test_table);
  if (!test_x.ok()) return test_x.error();
  Result<std::vector<double>> test_y = test_table.numbers(target);
  if (!test_y.ok()) return test_y.error();
  if (Status s = add_gbdt_metrics(model, "test", test_x.value(), test_y.value()); !s.ok()) return s.error();
  if (kind == "gbdt-regressor") {
    Result<std::vector<double>> predicted = model.predict(test_x.value());
    if (!predicted.ok()) return predicted.error();
    Result<ConformalInterval> interval = conformal_from_predictions(predicted.value(), test_y.value(), split.coverage);
    if (!interval.ok()) return interval.error();
    model.conformal = conformal_to_json(interval.value());
    model.quantiles = residual_quantiles(test_y.value(), predicted.value());
  }
  return model;
}

}  // namespace learnloop
