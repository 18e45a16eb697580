// Folds -> per-fold fit and test metrics -> mean and standard deviation per metric.
#include "learnloop/predictors/cross_validation.hpp"

#include <cmath>
#include <map>

#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/gbdt_rows.hpp"
#include "learnloop/predictors/split.hpp"

namespace learnloop {

namespace {

// Test metrics of one fold.
Result<nlohmann::ordered_json> fold_metrics(const std::string& kind, const FeatureSpec& spec, const CsvTable& train,
                                            const CsvTable& test, const std::string& target,
                                            const CrossValidationOptions& options) {
  Result<std::vector<double>> y = test.numbers(target);
  if (!y.ok()) return y.error();
  if (is_gbdt_kind(kind)) {
    GbdtRowsOptions split;
    split.test_fraction = 0;
    split.seed = options.seed;
    Result<GbdtModel> model = fit_gbdt_rows(kind, spec, train, target, options.gbdt, split);
    if (!model.ok()) return model.error();
    Result<Dataset> x = design_matrix(model.value().features, model.value().feature_spec, test);
    if (!x.ok()) return x.error();
    GbdtModel scored = std::move(model).value();
    if (Status s = add_gbdt_metrics(scored, "test", x.value(), y.value()); !s.ok()) return s.error();
    return scored.metrics["test"];
  }
  Result<LinearModel> model = fit_linear_rows(kind, spec, train, target, options.penalty);
  if (!model.ok()) return model.error();
  Result<Dataset> x = model_inputs(model.value(), test);
  if (!x.ok()) return x.error();
  LinearModel scored = std::move(model).value();
  if (Status s = add_metrics(scored, "test", x.value(), y.value()); !s.ok()) return s.error();
  return scored.metrics["test"];
}

}  // namespace

Result<nlohmann::ordered_json> cross_validate(const std::string& kind, const FeatureSpec& spec, const CsvTable& rows,
                                              const std::string& target, const CrossValidationOptions& options) {
  if (!is_gbdt_kind(kind) && kind != "ridge" && kind != "logistic")
    return invalid_argument("model kind is \"" + kind +
                            "\"; expected ridge, logistic, gbdt-regressor or gbdt-classifier");
  Result<std::vector<Split>> folds = k_fold(rows.rows.size(), options.folds, options.seed);
  if (!folds.ok()) return folds.error();
  nlohmann::ordered_json per_fold = nlohmann::ordered_json::array();
  std::vector<std::string> names;
  std::map<std::string, std::vector<double>> values;
  for (std::size_t f = 0; f < folds.value().size(); ++f) {
    const Split& split = folds.value()[f];
    Result<nlohmann::ordered_json> m = fold_metrics(kind, spec, select_table_rows(rows, split.train),
                                                    select_table_rows(rows, split.test), target, options);
    if (!m.ok()) return Error{m.error().code, "fold " + std::to_string(f + 1) + ": " + m.error().message};
    for (const auto& [name, value] : m.value().items()) {
      if (!value.is_number() || name == "samples") continue;
      if (values.find(name) == values.end()) names.push_back(name);
      values[name].push_back(value.get<double>());
    }
    per_fold.push_back(m.value());
  }
  nlohmann::ordered_json mean = nlohmann::ordered_json::object();
  nlohmann::ordered_json std_dev = nlohmann::ordered_json::object();
  for (const std::string& name : names) {
    const std::vector<double>& v = values[name];
    double sum = 0;
    for (double x : v) sum += x;
    const double m = sum / static_cast<double>(v.size());
    double sq = 0;
    for (double x : v) sq += (x - m) * (x - m);
    mean[name] = m;
    std_dev[name] = std::sqrt(sq / static_cast<double>(v.size()));
  }
  return nlohmann::ordered_json{{"kind", kind},         {"folds", options.folds},
                                {"seed", options.seed}, {"fold_metrics", per_fold},
                                {"mean", mean},         {"std", std_dev}};
}

}  // namespace learnloop
