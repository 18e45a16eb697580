// Raw rows -> (spec) -> design matrix -> fit, and the same path at predict.
#include "learnloop/predictors/fit_rows.hpp"

#include "learnloop/predictors/constant_columns.hpp"
#include "learnloop/predictors/split.hpp"

namespace learnloop {
namespace {

// The fit on a design matrix `x` of `rows` under the learned spec `fitted`.
Result<LinearModel> fit_design(const std::string& kind, const FeatureSpec& fitted, const Dataset& x,
                               const CsvTable& rows, const std::string& target, double penalty) {
  Result<std::vector<double>> y = rows.numbers(target);
  if (!y.ok()) return y.error();
  Result<LinearModel> model = fit_linear_matrix(kind, x, y.value(), penalty);
  if (!model.ok()) return model.error();
  LinearModel out = std::move(model).value();
  out.feature_spec = feature_spec_to_json(fitted);
  out.version = model_content_id(out);
  return out;
}

// All rows train when test_fraction is 0, else train_test_split().
Result<Split> holdout_split(std::size_t n, double test_fraction, std::uint64_t seed) {
  if (test_fraction != 0) return train_test_split(n, test_fraction, seed);
  Split split;
  for (std::size_t i = 0; i < n; ++i) split.train.push_back(i);
  return split;
}

// `out` with the spec learned on its training rows and their design matrix.
Result<HoldoutRows> encode_training(const FeatureSpec& spec, HoldoutRows out) {
  Result<FeatureSpec> fitted = learn_feature_spec(spec, out.train);
  if (!fitted.ok()) return fitted.error();
  out.spec = std::move(fitted).value();
  Result<Dataset> x = apply_feature_spec(out.spec, out.train);
  if (!x.ok()) return x.error();
  out.train_x = std::move(x).value();
  return out;
}

}  // namespace

Result<LinearModel> fit_linear_rows(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                    const std::string& target, double penalty) {
  Result<FeatureSpec> fitted = learn_feature_spec(spec, rows);
  if (!fitted.ok()) return fitted.error();
  Result<Dataset> x = apply_feature_spec(fitted.value(), rows);
  if (!x.ok()) return x.error();
  return fit_design(kind, fitted.value(), x.value(), rows, target, penalty);
}

Result<HoldoutFit> fit_linear_holdout(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                      const std::string& target, double penalty, double test_fraction,
                                      std::uint64_t seed) {
  Result<HoldoutRows> prepared = prepare_holdout(spec, rows, test_fraction, seed);
  if (!prepared.ok()) return prepared.error();
  return fit_prepared_holdout(kind, prepared.value(), target, penalty);
}

Result<HoldoutRows> prepare_holdout(const FeatureSpec& spec, const CsvTable& rows, double test_fraction,
                                    std::uint64_t seed) {
  Result<Split> split = holdout_split(rows.rows.size(), test_fraction, seed);
  if (!split.ok()) return split.error();
  HoldoutRows out;
  out.train = select_table_rows(rows, split.value().train);
  out.test = select_table_rows(rows, split.value().test);
  return encode_training(spec, std::move(out));
}

Result<HoldoutFit> fit_prepared_holdout(const std::string& kind, const HoldoutRows& rows, const std::string& target,
                                        double penalty) {
  Result<LinearModel> model = fit_design(kind, rows.spec, rows.train_x, rows.train, target, penalty);
  if (!model.ok()) return model.error();
  HoldoutFit out{std::move(model).value(), {}, {}, rows.train.rows.size()};
  if (rows.test.rows.empty()) return out;
  const CsvTable& test_rows = rows.test;
  Result<Dataset> test_x = model_inputs(out.model, test_rows);
  if (!test_x.ok()) return test_x.error();
  Result<std::vector<double>> test_y = test_rows.numbers(target);
  if (!test_y.ok()) return test_y.error();
  if (Status s = add_metrics(out.model, "test", test_x.value(), test_y.value()); !s.ok()) return s.error();
  out.test_x = std::move(test_x).value();
  out.test_y = std::move(test_y).value();
  return out;
}

Result<Dataset> model_inputs(const LinearModel& model, const CsvTable& rows) {
  return design_matrix(model.features, model.feature_spec, rows);
}

Result<Dataset> design_matrix(const std::vector<std::string>& features, const nlohmann::ordered_json& feature_spec,
                              const CsvTable& rows) {
  if (feature_spec.is_null()) {
    std::vector<double> values;
    std::vector<std::vector<double>> columns;
    for (const std::string& name : features) {
      Result<std::vector<double>> column = rows.numbers(name);
      if (!column.ok()) return column.error();
      columns.push_back(std::move(column).value());
    }
    values.reserve(rows.rows.size() * columns.size());
    for (std::size_t r = 0; r < rows.rows.size(); ++r)
      for (const auto& column : columns) values.push_back(column[r]);
    return make_dataset(rows.rows.size(), columns.size(), std::move(values), features);
  }
  Result<FeatureSpec> spec = feature_spec_from_json(nlohmann::json::parse(feature_spec.dump()));
  if (!spec.ok()) return spec.error();
  return apply_feature_spec(spec.value(), rows);
}

CsvTable select_table_rows(const CsvTable& table, const std::vector<std::size_t>& indices) {
  CsvTable out;
  out.header = table.header;
  out.row_label = table.row_label;
  for (std::size_t i : indices) {
    out.rows.push_back(table.rows[i]);
    out.line_numbers.push_back(table.line_numbers[i]);
  }
  return out;
}

}  // namespace learnloop
