// `learnloop cv`: k-fold cross-validation of a ridge, logistic or GBDT model on a CSV; prints the
// test metrics of each fold and their mean and standard deviation.
#include "commands.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/cross_validation.hpp"

namespace learnloop::cli {

namespace {

const std::vector<FlagSpec>& cv_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"data", true, "CSV with a header line, one example per row", "FILE.csv", ""},
      {"target", true, "column to predict (0/1 for classifiers)", "COLUMN", ""},
      {"model-kind", true, "ridge | logistic | gbdt-regressor | gbdt-classifier", "KIND", ""},
      {"folds", true, "number of folds k, 2..rows (default 5)", "K", ""},
      {"features", true, "numeric feature columns, comma separated (default: every numeric column but the target)",
       "A,B,...", ""},
      {"spec", true, "feature spec JSON instead of --features", "SPEC.json", ""},
      {"alpha", true, "ridge: L2 penalty >= 0 (default 1)", "A", ""},
      {"C", true, "logistic: inverse regularisation > 0 (default 1)", "C", ""},
      {"n-estimators", true, "gbdt: boosting rounds (default 100)", "N", ""},
      {"max-depth", true, "gbdt: depth of each tree (default 6)", "D", ""},
      {"learning-rate", true, "gbdt: shrinkage (default 0.1)", "R", ""},
      {"min-child-weight", true, "gbdt: minimum hessian sum per leaf (default 1)", "W", ""},
      {"lambda", true, "gbdt: L2 penalty on leaf weights (default 1)", "L", ""},
      {"subsample", true, "gbdt: share of rows per tree (default 1)", "S", ""},
      {"colsample", true, "gbdt: share of features per tree (default 1)", "C", ""},
      {"max-bins", true, "gbdt: histogram bins per feature (default 256)", "B", ""},
      {"early-stopping-rounds", true, "gbdt: early stopping on 10% of each fold's training rows (default 0: off)", "K",
       ""},
      {"seed", true, "seed of the folds and of GBDT sampling (default 0)", "S", ""},
  };
  return kSpecs;
}

Result<CommandOutput> run_cv(const Flags& flags, CliHost& host) {
  Result<std::string> path = flags.require("data", cv_flags());
  if (!path.ok()) return path.error();
  Result<std::string> target = flags.require("target", cv_flags());
  if (!target.ok()) return target.error();
  Result<std::string> kind = flags.require("model-kind", cv_flags());
  if (!kind.ok()) return kind.error();
  Result<CsvTable> table = read_csv(host, path.value());
  if (!table.ok()) return table.error();
  Result<FeatureSpec> spec = spec_from_flags(flags, host, table.value(), target.value());
  if (!spec.ok()) return spec.error();
  CrossValidationOptions options;
  std::uint64_t folds = options.folds;
  if (Status s = flags.read_count("folds", &folds); !s.ok()) return s.error();
  options.folds = static_cast<std::size_t>(folds);
  if (Status s = flags.read_count("seed", &options.seed); !s.ok()) return s.error();
  if (Status s = flags.read_number(kind.value() == "logistic" ? "C" : "alpha", &options.penalty); !s.ok())
    return s.error();
  Result<GbdtOptions> gbdt = gbdt_options_from_flags(flags);
  if (!gbdt.ok()) return gbdt.error();
  options.gbdt = gbdt.value();
  Result<nlohmann::ordered_json> report =
      cross_validate(kind.value(), spec.value(), table.value(), target.value(), options);
  if (!report.ok()) return in_file(path.value(), report.error());
  if (flags.has("json")) return CommandOutput{report.value().dump() + "\n"};
  std::string out = kind.value() + ": " + std::to_string(options.folds) + "-fold cross-validation\n";
  for (const auto& [name, mean] : report.value()["mean"].items())
    out += "  " + name + "  " + format_number(mean.get<double>()) + " +- " +
           format_number(report.value()["std"][name].get<double>()) + "\n";
  return CommandOutput{out};
}

}  // namespace

std::vector<Command> cv_commands() {
  return {Command{
      {"cv"},
      "k-fold cross-validation of a ridge, logistic or GBDT model on a CSV (test metrics per fold, mean and std)",
      cv_flags(),
      "learnloop cv --data campaigns.csv --target roas --model-kind gbdt-regressor --folds 5 --json",
      run_cv}};
}

}  // namespace learnloop::cli
