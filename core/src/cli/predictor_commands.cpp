// `learnloop fit ridge|logistic` and `learnloop predict`: CSV columns to a Dataset, the core's
// fits and predictions, model documents written and read through the host.
#include "commands.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "learnloop/predictors/split.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop::cli {

namespace {

const std::vector<FlagSpec>& fit_flags() {
  static const std::vector<FlagSpec> specs = {
      {"data", true, "CSV with a header line, one example per row", "FILE.csv", ""},
      {"target", true, "column to predict (0/1 for logistic)", "COLUMN", ""},
      {"features", true, "feature columns, comma separated (default: every numeric column but the target)", "A,B,...", ""},
      {"alpha", true, "ridge: L2 penalty >= 0 (default 1)", "A", ""},
      {"C", true, "logistic: inverse regularisation > 0 (default 1)", "C", ""},
      {"test-fraction", true, "share of rows held out for test metrics, in [0,1) (default 0.2; 0 fits on every row)", "F", ""},
      {"seed", true, "seed of the train/test split (default 0)", "S", ""},
      {"out", true, "write the model document here (atomically)", "MODEL.json", ""},
  };
  return specs;
}

const std::vector<FlagSpec>& predict_flags() {
  static const std::vector<FlagSpec> specs = {
      {"model", true, "model document written by learnloop fit --out", "MODEL.json", ""},
      {"data", true, "CSV with the model's feature columns", "FILE.csv", ""},
  };
  return specs;
}

// The named columns of `table` as a Dataset.
Result<Dataset> columns_as_dataset(const CsvTable& table, const std::vector<std::string>& names) {
  std::vector<std::vector<double>> columns;
  for (const std::string& name : names) {
    Result<std::vector<double>> column = table.numbers(name);
    if (!column.ok()) return column.error();
    columns.push_back(std::move(column).value());
  }
  std::vector<double> values;
  values.reserve(table.rows.size() * names.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    for (const auto& column : columns) values.push_back(column[r]);
  return make_dataset(table.rows.size(), names.size(), std::move(values), names);
}

// Every named column except `target` whose values are all numbers.
std::vector<std::string> numeric_columns(const CsvTable& table, const std::string& target) {
  std::vector<std::string> out;
  for (const std::string& name : table.header) {
    if (!name.empty() && name != target && table.numbers(name).ok()) out.push_back(name);
  }
  return out;
}

Result<CommandOutput> run_fit(const std::string& kind, const Flags& flags, CliHost& host) {
  Result<std::string> path = flags.require("data", fit_flags());
  if (!path.ok()) return path.error();
  Result<std::string> target = flags.require("target", fit_flags());
  if (!target.ok()) return target.error();
  Result<CsvTable> table = read_csv(host, path.value());
  if (!table.ok()) return table.error();

  std::vector<std::string> features;
  if (auto list = flags.get("features")) {
    std::size_t start = 0;
    while (start <= list->size()) {
      const std::size_t comma = std::min(list->find(',', start), list->size());
      features.push_back(list->substr(start, comma - start));
      start = comma + 1;
    }
  } else {
    features = numeric_columns(table.value(), target.value());
    if (features.empty()) return in_file(path.value(), invalid_argument("no numeric feature columns besides the target"));
  }
  Result<Dataset> x = columns_as_dataset(table.value(), features);
  if (!x.ok()) return in_file(path.value(), x.error());
  Result<std::vector<double>> y = table.value().numbers(target.value());
  if (!y.ok()) return in_file(path.value(), y.error());
  // Checked here, before the split shuffles rows, so the message can name the line.
  for (std::size_t r = 0; kind == "logistic" && r < y.value().size(); ++r) {
    if (y.value()[r] != 0 && y.value()[r] != 1)
      return in_file(path.value(), invalid_argument(table.value().where(r) + ": target '" +
                                                    target.value() + "' is " + format_number(y.value()[r]) +
                                                    "; a classifier expects 0 or 1"));
  }

  double test_fraction = 0.2;
  std::uint64_t seed = 0;
  Status read = flags.read_number("test-fraction", &test_fraction);
  if (read.ok()) read = flags.read_count("seed", &seed);
  if (!read.ok()) return read.error();
  Split split;
  if (test_fraction == 0) {
    for (std::size_t i = 0; i < x.value().rows; ++i) split.train.push_back(i);
  } else {
    Result<Split> made = train_test_split(x.value().rows, test_fraction, seed);
    if (!made.ok()) return made.error();
    split = made.value();
  }
  const Dataset train_x = select_rows(x.value(), split.train);
  const std::vector<double> train_y = select_values(y.value(), split.train);

  Result<LinearModel> model = invalid_argument("unknown model kind");
  if (kind == "ridge") {
    RidgeOptions options;
    if (Status s = flags.read_number("alpha", &options.alpha); !s.ok()) return s.error();
    model = fit_ridge(train_x, train_y, options);
  } else {
    LogisticOptions options;
    if (Status s = flags.read_number("C", &options.c); !s.ok()) return s.error();
    model = fit_logistic(train_x, train_y, options);
  }
  if (!model.ok()) return in_file(path.value(), model.error());
  LinearModel fitted = std::move(model).value();
  if (!split.test.empty()) {
    Status s = add_metrics(fitted, "test", select_rows(x.value(), split.test), select_values(y.value(), split.test));
    if (!s.ok()) return s.error();
  }
  const std::string document = model_to_json(fitted);
  if (auto out = flags.get("out")) {
    Status s = write_file_text(host, *out, document + "\n");
    if (!s.ok()) return s.error();
  }
  if (flags.has("json")) return CommandOutput{document + "\n"};
  std::string out = kind + " model " + fitted.version + " on " + std::to_string(train_x.rows) + " rows\n";
  for (std::size_t i = 0; i < fitted.features.size(); ++i)
    out += "  " + fitted.features[i] + "  " + format_number(fitted.coefficients[i]) + "\n";
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
  Result<LinearModel> model = model_from_json(model_text.value());
  if (!model.ok()) return in_file(model_path.value(), model.error());
  Result<CsvTable> table = read_csv(host, data_path.value());
  if (!table.ok()) return table.error();
  Result<Dataset> x = columns_as_dataset(table.value(), model.value().features);
  if (!x.ok()) return in_file(data_path.value(), x.error());
  Result<std::vector<double>> predictions = model.value().predict(x.value());
  if (!predictions.ok()) return predictions.error();
  if (flags.has("json")) {
    nlohmann::ordered_json out;
    out["model"] = model.value().version;
    out["kind"] = model.value().kind;
    out["predictions"] = predictions.value();
    return CommandOutput{out.dump() + "\n"};
  }
  std::string out;
  for (double p : predictions.value()) out += format_number(p) + "\n";
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
                             "predict every row of a CSV with a model document (probability of class 1 for logistic)",
                             predict_flags(),
                             "learnloop predict --model model.json --data new_posts.csv --json",
                             run_predict});
  return commands;
}

}  // namespace learnloop::cli
