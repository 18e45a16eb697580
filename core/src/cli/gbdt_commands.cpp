// `learnloop fit gbdt-regressor|gbdt-classifier`: CSV rows to the core's GBDT fit with a
// train/test split (and a validation share for early stopping), the model document written
// through the host. Presets (--preset ctr|roas|conversion) pick the kind's feature set and
// add the spec's per-row fields to `learnloop predict --json`.
#include "commands.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/gbdt_presets.hpp"
#include "learnloop/predictors/gbdt_rows.hpp"

namespace learnloop::cli {

namespace {

const std::vector<FlagSpec>& gbdt_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"data", true, "CSV with a header line, one example per row", "FILE.csv", ""},
      {"target", true, "column to predict (0/1 for the classifier)", "COLUMN", ""},
      {"features", true,
       "numeric feature columns, comma separated (default: the preset's, else every numeric column but the target)",
       "A,B,...", ""},
      {"spec", true, "feature spec JSON (numeric/one_hot/cyclic_hour columns, missing values) instead of --features",
       "SPEC.json", ""},
      {"preset", true, "ctr | roas (regressor) or conversion (classifier): the spec's feature set and predict fields",
       "NAME", ""},
      {"n-estimators", true, "boosting rounds (default 100)", "N", ""},
      {"max-depth", true, "depth of each tree, 1..16 (default 6)", "D", ""},
      {"learning-rate", true, "shrinkage in (0,1] (default 0.1)", "R", ""},
      {"min-child-weight", true, "minimum hessian sum per leaf (default 1)", "W", ""},
      {"lambda", true, "L2 penalty on leaf weights (default 1)", "L", ""},
      {"subsample", true, "share of rows sampled per tree, in (0,1] (default 1)", "S", ""},
      {"colsample", true, "share of features sampled per tree, in (0,1] (default 1)", "C", ""},
      {"max-bins", true, "histogram bins per feature, 2..256 (default 256)", "B", ""},
      {"early-stopping-rounds", true,
       "stop after K rounds without gain on a validation share (10%) of the training rows (default 0: off)", "K", ""},
      {"test-fraction", true, "share of rows held out for test metrics and calibration, in [0,1) (default 0.2)", "F",
       ""},
      {"coverage", true,
       "regressor: coverage of the split-conformal interval calibrated on the test rows (default 0.9)", "C", ""},
      {"seed", true, "seed of the splits and of row/column sampling (default 0)", "S", ""},
      {"out", true, "write the model document here (atomically)", "MODEL.json", ""},
  };
  return kSpecs;
}

// Reads an optional whole-number flag into an int (at most 1e6).
Status read_int(const Flags& flags, const std::string& name, int* out) {
  std::uint64_t value = static_cast<std::uint64_t>(*out);
  if (Status s = flags.read_count(name, &value); !s.ok()) return s;
  if (value > 1000000)
    return invalid_argument("--" + name + " is " + std::to_string(value) + "; expected at most 1000000");
  *out = static_cast<int>(value);
  return {};
}

}  // namespace

Result<GbdtOptions> gbdt_options_from_flags(const Flags& flags) {
  GbdtOptions o;
  for (const auto& [name, out] : {std::pair<const char*, int*>{"n-estimators", &o.n_estimators},
                                  {"max-depth", &o.max_depth},
                                  {"max-bins", &o.max_bins},
                                  {"early-stopping-rounds", &o.early_stopping_rounds}}) {
    if (Status s = read_int(flags, name, out); !s.ok()) return s.error();
  }
  for (const auto& [name, out] : {std::pair<const char*, double*>{"learning-rate", &o.learning_rate},
                                  {"min-child-weight", &o.min_child_weight},
                                  {"lambda", &o.lambda},
                                  {"subsample", &o.subsample},
                                  {"colsample", &o.colsample}}) {
    if (Status s = flags.read_number(name, out); !s.ok()) return s.error();
  }
  if (Status s = flags.read_count("seed", &o.seed); !s.ok()) return s.error();
  return o;
}

namespace {

Result<CommandOutput> run_fit_gbdt(const std::string& kind, const Flags& flags, CliHost& host) {
  Result<std::string> path = flags.require("data", gbdt_flags());
  if (!path.ok()) return path.error();
  Result<std::string> target = flags.require("target", gbdt_flags());
  if (!target.ok()) return target.error();
  GbdtRowsOptions split;
  if (auto preset = flags.get("preset")) {
    Result<std::string> preset_model = preset_kind(*preset);
    if (!preset_model.ok()) return preset_model.error();
    if (preset_model.value() != kind)
      return invalid_argument("preset " + *preset + " is a " + preset_model.value() + "; use learnloop fit " +
                              preset_model.value());
    split.preset = *preset;
  }
  Result<CsvTable> table = read_csv(host, path.value());
  if (!table.ok()) return table.error();
  Result<FeatureSpec> spec = !split.preset.empty() && !flags.has("features") && !flags.has("spec")
                                 ? preset_feature_spec(split.preset)
                                 : spec_from_flags(flags, host, table.value(), target.value());
  if (!spec.ok()) return spec.error();
  for (const FeatureColumn& column : spec.value().columns) {
    if (Result<std::size_t> found = table.value().column(column.raw_column()); !found.ok())
      return in_file(path.value(), found.error());
  }
  Result<std::vector<double>> y = table.value().numbers(target.value());
  if (!y.ok()) return in_file(path.value(), y.error());
  for (std::size_t r = 0; kind == "gbdt-classifier" && r < y.value().size(); ++r) {
    if (y.value()[r] != 0 && y.value()[r] != 1)
      return in_file(path.value(), invalid_argument(table.value().where(r) + ": target '" + target.value() + "' is " +
                                                    format_number(y.value()[r]) + "; a classifier expects 0 or 1"));
  }
  Result<GbdtOptions> options = gbdt_options_from_flags(flags);
  if (!options.ok()) return options.error();
  if (Status s = flags.read_number("test-fraction", &split.test_fraction); !s.ok()) return s.error();
  if (Status s = flags.read_number("coverage", &split.coverage); !s.ok()) return s.error();
  if (Status s = flags.read_count("seed", &split.seed); !s.ok()) return s.error();
  if (split.test_fraction == 0 && (flags.has("coverage") || split.preset == "roas" || split.preset == "ctr"))
    return invalid_argument("intervals need test rows to calibrate on; use a --test-fraction above 0");
  Result<GbdtModel> fit = fit_gbdt_rows(kind, spec.value(), table.value(), target.value(), options.value(), split);
  if (!fit.ok()) return in_file(path.value(), fit.error());
  const GbdtModel& model = fit.value();
  const std::string document = gbdt_to_json(model);
  if (auto out = flags.get("out")) {
    if (Status s = write_file_text(host, *out, document + "\n"); !s.ok()) return s.error();
  }
  if (flags.has("json")) return CommandOutput{document + "\n"};
  std::string out = kind + " model " + model.version + ": " + std::to_string(model.trees.size()) + " trees\n";
  out += "importance (share of split gain):\n";
  for (std::size_t i = 0; i < model.features.size(); ++i)
    out += "  " + model.features[i] + "  " + format_number(model.importance[i]) + "\n";
  for (const auto& [split_name, metrics] : model.metrics.items()) out += split_name + ": " + metrics.dump() + "\n";
  return CommandOutput{out};
}

}  // namespace

std::vector<Command> gbdt_commands() {
  std::vector<Command> commands;
  for (const std::string kind : {"gbdt-regressor", "gbdt-classifier"}) {
    const bool regressor = kind == "gbdt-regressor";
    commands.push_back(Command{{"fit", kind},
                               regressor ? "fit gradient-boosted trees (squared error, XGBoost-style hist) on a CSV"
                                         : "fit gradient-boosted trees (binary log loss, XGBoost-style hist) on a CSV",
                               gbdt_flags(),
                               "learnloop fit " + kind + " --data campaigns.csv --target " +
                                   (regressor ? "roas --preset roas" : "converted") +
                                   " --n-estimators 200 --early-stopping-rounds 20 --out model.json",
                               [kind](const Flags& flags, CliHost& host) { return run_fit_gbdt(kind, flags, host); }});
  }
  return commands;
}

}  // namespace learnloop::cli
