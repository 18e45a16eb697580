// `learnloop fit ridge|logistic` and `learnloop predict`: CSV columns to a Dataset, the core's
// fits and predictions, model documents written and read through the host.
#include <algorithm>

#include "commands.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/predictors/conformal.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/linear_presets.hpp"
#include "learnloop/predictors/model_document.hpp"
#include "learnloop/predictors/split.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop::cli {

namespace {

// Every named column except `target` whose values are all numbers.
std::vector<std::string> numeric_columns(const CsvTable& table, const std::string& target) {
  std::vector<std::string> out;
  for (const std::string& name : table.header) {
    if (!name.empty() && name != target && table.numbers(name).ok()) out.push_back(name);
  }
  return out;
}

}  // namespace

// The feature spec from --spec FILE, else plain numeric columns from --features (or every numeric column).
Result<FeatureSpec> spec_from_flags(const Flags& flags, CliHost& host, const CsvTable& table,
                                    const std::string& target) {
  if (auto path = flags.get("spec")) {
    if (flags.has("features")) return invalid_argument("give --spec or --features, not both");
    Result<std::string> text = read_file_text(host, *path);
    if (!text.ok()) return text.error();
    Result<nlohmann::json> json = parse_json(text.value());
    if (!json.ok()) return in_file(*path, json.error());
    Result<FeatureSpec> spec = feature_spec_from_json(json.value());
    if (!spec.ok()) return in_file(*path, spec.error());
    return spec;
  }
  FeatureSpec spec;
  std::vector<std::string> names;
  if (auto list = flags.get("features")) {
    std::size_t start = 0;
    while (start <= list->size()) {
      const std::size_t comma = std::min(list->find(',', start), list->size());
      names.push_back(list->substr(start, comma - start));
      start = comma + 1;
    }
  } else {
    names = numeric_columns(table, target);
    if (names.empty())
      return invalid_argument(
          "the data has no numeric columns besides the target; name features with --features or --spec");
  }
  for (const std::string& name : names) {
    FeatureColumn column;
    column.name = name;
    spec.columns.push_back(column);
  }
  return spec;
}

namespace {

const std::vector<FlagSpec>& fit_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"data", true, "CSV with a header line, one example per row", "FILE.csv", ""},
      {"target", true, "column to predict (0/1 for logistic)", "COLUMN", ""},
      {"features", true, "numeric feature columns, comma separated (default: every numeric column but the target)",
       "A,B,...", ""},
      {"spec", true,
       "feature spec JSON (numeric/one_hot/cyclic_hour columns, scaling, missing values) instead of --features",
       "SPEC.json", ""},
      {"preset", true,
       "the specs' feature set instead of --features: engagement_rate (ridge) or follow_through (logistic)", "NAME",
       ""},
      {"alpha", true, "ridge: L2 penalty >= 0 (default 1)", "A", ""},
      {"C", true, "logistic: inverse regularisation > 0 (default 1)", "C", ""},
      {"test-fraction", true, "share of rows held out for test metrics, in [0,1) (default 0.2; 0 fits on every row)",
       "F", ""},
      {"seed", true, "seed of the train/test split (default 0)", "S", ""},
      {"coverage", true, "ridge: coverage of the split-conformal interval calibrated on the test rows (default 0.9)",
       "C", ""},
      {"out", true, "write the model document here (atomically)", "MODEL.json", ""},
  };
  return kSpecs;
}

const std::vector<FlagSpec>& predict_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"model", true, "model document written by learnloop fit --out", "MODEL.json", ""},
      {"data", true, "CSV with the model's feature columns", "FILE.csv", ""},
  };
  return kSpecs;
}

// The feature spec of --preset, which must suit `kind` and replaces --features and --spec.
Result<FeatureSpec> preset_spec(const std::string& kind, const Flags& flags) {
  if (flags.has("features") || flags.has("spec"))
    return invalid_argument("give --preset, --features or --spec, only one");
  const std::string preset = *flags.get("preset");
  Result<std::string> preset_kind = linear_preset_kind(preset);
  if (!preset_kind.ok()) return preset_kind.error();
  if (preset_kind.value() != kind)
    return invalid_argument("preset " + preset + " is a " + preset_kind.value() + " model; use learnloop fit " +
                            preset_kind.value());
  return linear_preset_spec(preset);
}

Result<CommandOutput> run_fit(const std::string& kind, const Flags& flags, CliHost& host) {
  Result<std::string> path = flags.require("data", fit_flags());
  if (!path.ok()) return path.error();
  Result<std::string> target = flags.require("target", fit_flags());
  if (!target.ok()) return target.error();
  Result<CsvTable> table = read_csv(host, path.value());
  if (!table.ok()) return table.error();

  Result<FeatureSpec> spec =
      flags.has("preset") ? preset_spec(kind, flags) : spec_from_flags(flags, host, table.value(), target.value());
  if (!spec.ok()) return spec.error();
  for (const FeatureColumn& column : spec.value().columns) {
    if (Result<std::size_t> found = table.value().column(column.raw_column()); !found.ok())
      return in_file(path.value(), found.error());
  }
  Result<std::vector<double>> y = table.value().numbers(target.value());
  if (!y.ok()) return in_file(path.value(), y.error());
  // Checked here, before the split shuffles rows, so the message can name the line.
  for (std::size_t r = 0; kind == "logistic" && r < y.value().size(); ++r) {
    if (y.value()[r] != 0 && y.value()[r] != 1)
      return in_file(path.value(), invalid_argument(table.value().where(r) + ": target '" + target.value() + "' is " +
                                                    format_number(y.value()[r]) + "; a classifier expects 0 or 1"));
  }

  double test_fraction = 0.2;
  std::uint64_t seed = 0;
  Status read = flags.read_number("test-fraction", &test_fraction);
  if (read.ok()) read = flags.read_count("seed", &seed);
  if (!read.ok()) return read.error();
  double penalty = 1.0;
  if (Status s = flags.read_number(kind == "ridge" ? "alpha" : "C", &penalty); !s.ok()) return s.error();
  Result<HoldoutFit> fit =
      fit_linear_holdout(kind, spec.value(), table.value(), target.value(), penalty, test_fraction, seed);
  if (!fit.ok()) return in_file(path.value(), fit.error());
  LinearModel fitted = fit.value().model;
  if (!fit.value().test_y.empty()) {
    if (kind == "ridge") {
      double coverage = 0.9;
      if (Status c = flags.read_number("coverage", &coverage); !c.ok()) return c.error();
      Result<ConformalInterval> interval =
          calibrate_conformal(fitted, fit.value().test_x, fit.value().test_y, coverage);
      if (!interval.ok()) return interval.error();
      attach_conformal(fitted, interval.value());
    }
  } else if (flags.has("coverage")) {
    return invalid_argument("--coverage needs test rows to calibrate on; use a --test-fraction above 0");
  }
  const std::string document = model_to_json(fitted);
  if (auto out = flags.get("out")) {
    Status s = write_file_text(host, *out, document + "\n");
    if (!s.ok()) return s.error();
  }
  if (flags.has("json")) return CommandOutput{document + "\n"};
  std::string out = kind + " model " + fitted.version + " on " + std::to_string(fit.value().train_rows) + " rows\n";
  for (std::size_t i = 0; i < fitted.features.size(); ++i)
    out += "  " + fitted.features[i] + "  " + format_number(fitted.coefficients[i]) +
           (std::find(fitted.dropped.begin(), fitted.dropped.end(), fitted.features[i]) != fitted.dropped.end()
                ? "  (dropped: constant in the training rows)"
                : "") +
           "\n";
  out += "  (intercept)  " + format_number(fitted.intercept) + "\n";
  for (const auto& [split_name, metrics] : fitted.metrics.items()) out += split_name + ": " + metrics.dump() + "\n";
  return CommandOutput{out};
}

Result<CommandOutput> run_predict(const Flags& flags, CliHost& host) {
  Result<std::string> model_path = flags.require("model", predict_flags());
  if (!model_path.ok()) return model_path.error();
  Result<std::string> data_path = flags.require("data", predict_flags());
  if (!data_path.ok()) return data_path.error();
  Result<std::string> model_text = read_file_text(host, model_path.value());
  if (!model_text.ok()) return model_text.error();
  Result<std::string> kind = model_document_kind(model_text.value());
  if (!kind.ok()) return in_file(model_path.value(), kind.error());
  Result<CsvTable> table = read_csv(host, data_path.value());
  if (!table.ok()) return table.error();
  Result<nlohmann::ordered_json> report = prediction_report(model_text.value(), table.value());
  if (!report.ok()) return in_file(data_path.value(), report.error());
  if (flags.has("json")) return CommandOutput{report.value().dump() + "\n"};
  const std::vector<double> predictions = report.value()["predictions"].get<std::vector<double>>();
  std::string out;
  for (double p : predictions) out += format_number(p) + "\n";
  return CommandOutput{out};
}

}  // namespace

std::vector<Command> predictor_commands() {
  std::vector<Command> commands;
  for (const std::string kind : {"ridge", "logistic"}) {
    commands.push_back(Command{{"fit", kind},
                               kind == "ridge" ? "fit a ridge regression (scikit-learn's Ridge objective) on a CSV"
                                               : "fit an L2 logistic regression (scikit-learn's objective) on a CSV",
                               fit_flags(),
                               "learnloop fit " + kind + " --data posts.csv --target " +
                                   (kind == "ridge" ? "engagement_rate" : "followed") + " --out model.json --json",
                               [kind](const Flags& flags, CliHost& host) { return run_fit(kind, flags, host); }});
  }
  commands.push_back(Command{{"predict"},
                             "predict every row of a CSV with a model document (probability of class 1 for "
                             "classifiers; preset fields with --json)",
                             predict_flags(),
                             "learnloop predict --model model.json --data new_posts.csv --json",
                             run_predict});
  return commands;
}

}  // namespace learnloop::cli
