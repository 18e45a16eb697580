// check_and_retrain: accuracy, drift, training rows from prediction_records, holdout comparison
// against the current model, promotion through the registry. Any target: the rows are the completed
// predictions' features and `actual` value (the training column is named actual_<target>, e.g. actual_ctr).
#include "learnloop/lifecycle/retrain.hpp"

#include <cmath>
#include <cstdlib>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/lifecycle/accuracy.hpp"
#include "learnloop/lifecycle/drift.hpp"
#include "learnloop/lifecycle/model_registry.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/gbdt_rows.hpp"
#include "learnloop/predictors/metrics.hpp"
#include "learnloop/predictors/model_document.hpp"
#include "learnloop/predictors/split.hpp"

namespace learnloop {
namespace {

constexpr double kTestFraction = 0.2;

nlohmann::ordered_json status(const std::string& name, const std::string& checked_at) {
  return {{"status", name}, {"checked_at", checked_at}};
}

// The training table's target column for predictions of `target`: actual_ctr for CTR, as spec 002 named it.
std::string target_column(const std::string& target) { return "actual_" + target; }

// Completed predictions of `target` with features and an actual value, oldest first: the training rows.
Result<CsvTable> training_rows(Database& db, const std::string& model_name, const std::string& target) {
  const std::string target_col = target_column(target);
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db,
                 std::string("SELECT features, ") + PredictionColumnsSql::kActual +
                     " FROM prediction_records WHERE status = 'completed' AND model_name = ? AND " +
                     PredictionColumnsSql::kTarget + " = ? AND " + PredictionColumnsSql::kActual +
                     " IS NOT NULL AND features IS NOT NULL ORDER BY completed_at, prediction_id",
                 {model_name, target});
  if (!rows.ok()) return rows.error();
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : rows.value()) {
    Result<nlohmann::json> features = parse_json(sql_text(r[0]));
    if (!features.ok() || !features.value().is_object()) continue;
    nlohmann::json record = features.value();
    record[target_col] = sql_number(r[1]);
    records.push_back(std::move(record));
  }
  return records_from_json(records.dump());
}

// When the drift test starts over: the last retrain or promotion of `model_name` (the newest trained_at among the
// models of the current model's tenant), or "" before any model. A retrain that is not promoted restarts it too: the
// current model was just measured against a fresh fit, so the errors before it are settled.
Result<std::string> drift_restart(Database& db, const RetrainOptions& o) {
  Result<RegisteredModel> current = latest_model(db, o.model_name, o.tenant);
  if (!current.ok()) return std::string();
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db, "SELECT max(trained_at) FROM models WHERE name = ? AND tenant = ?", {o.model_name, current.value().tenant});
  if (!rows.ok()) return rows.error();
  return is_null(rows.value()[0][0]) ? std::string() : sql_text(rows.value()[0][0]);
}

// The errors Page-Hinkley runs over, in time order: the completed predictions of the lookback window made since the
// drift test last restarted (see drift_restart()).
Result<std::vector<double>> drift_errors(Database& db, const RetrainOptions& o, const std::string& target,
                                         const std::string& since) {
  Result<DayNumber> now = timestamp_day(o.now);
  if (!now.ok()) return now.error();
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      std::string("SELECT ") + PredictionColumnsSql::kAbsError +
          " FROM prediction_records WHERE status = 'completed' AND model_name = ? AND " +
          PredictionColumnsSql::kTarget + " = ? AND " + PredictionColumnsSql::kAbsError +
          " IS NOT NULL AND completed_at >= ? AND completed_at < ? AND predicted_at >= ? ORDER BY completed_at, "
          "prediction_id",
      {o.model_name, target, format_date(now.value() - o.lookback_days + 1), format_date(now.value() + 1), since});
  if (!rows.ok()) return rows.error();
  std::vector<double> errors;
  errors.reserve(rows.value().size());
  for (const auto& r : rows.value()) errors.push_back(sql_number(r[0]));
  return errors;
}

// The feature spec to refit with: the current model document's (unfitted again), else one column per feature key.
Result<FeatureSpec> spec_for(const CsvTable& rows, const std::string& target_col,
                             const nlohmann::json* current_document) {
  if (current_document && current_document->contains("feature_spec") &&
      !(*current_document)["feature_spec"].is_null()) {
    Result<FeatureSpec> spec = feature_spec_from_json((*current_document)["feature_spec"]);
    if (!spec.ok()) return spec;
    FeatureSpec fresh = spec.value();
    fresh.fitted = false;
    for (FeatureColumn& c : fresh.columns) c.categories.clear();
    return fresh;
  }
  FeatureSpec spec;
  spec.missing = "mean";
  for (std::size_t c = 0; c < rows.header.size(); ++c) {
    const std::string& name = rows.header[c];
    if (name == target_col) continue;
    bool numeric = true;
    for (const auto& row : rows.rows) {
      char* end = nullptr;
      if (!row[c].empty()) std::strtod(row[c].c_str(), &end);
      if (!row[c].empty() && end != row[c].c_str() + row[c].size()) numeric = false;
    }
    FeatureColumn column;
    column.name = name;
    column.kind = name == "hour" ? "cyclic_hour" : numeric ? "numeric" : "one_hot";
    spec.columns.push_back(column);
  }
  if (spec.columns.empty()) return invalid_argument("the completed predictions record no features to train on");
  return spec;
}

// A new model document of the current model's kind (ridge when there is none) fitted on `train`.
Result<std::pair<std::string, std::string>> refit(const CsvTable& train, const FeatureSpec& spec,
                                                  const std::string& target_col, const nlohmann::json* current,
                                                  const RetrainOptions& o) {
  const std::string kind = current ? current->value("kind", "ridge") : "ridge";
  if (kind == "gbdt-regressor") {
    Result<GbdtOptions> options = gbdt_options_from_json((*current)["params"]);
    if (!options.ok()) return options.error();
    GbdtRowsOptions split;
    split.test_fraction = 0;  // the holdout is scored by the caller, for both models alike
    split.seed = o.seed;
    Result<GbdtModel> model = fit_gbdt_rows(kind, spec, train, target_col, options.value(), split);
    if (!model.ok()) return model.error();
    return std::make_pair(model.value().version, gbdt_to_json(model.value()));
  }
  if (kind != "ridge")
    return invalid_argument("model kind '" + kind + "' cannot be retrained on " + target_col +
                            "; expected ridge or gbdt-regressor");
  double alpha = o.alpha;
  if (current && current->contains("params") && (*current)["params"].contains("alpha"))
    alpha = (*current)["params"]["alpha"].get<double>();
  Result<LinearModel> model = fit_linear_rows("ridge", spec, train, target_col, alpha);
  if (!model.ok()) return model.error();
  return std::make_pair(model.value().version, model_to_json(model.value()));
}

// Test MAE, R^2 and accuracy (share within 20%) of a model document on the holdout rows.
Result<nlohmann::ordered_json> holdout_metrics(const std::string& document, const CsvTable& test,
                                               const std::vector<double>& y) {
  Result<std::vector<double>> predicted = predict_document_rows(document, test);
  if (!predicted.ok()) return predicted.error();
  const RegressionMetrics m = regression_metrics(y, predicted.value());
  std::size_t within = 0;
  for (std::size_t i = 0; i < y.size(); ++i)
    within +=
        y[i] != 0 ? std::fabs(predicted.value()[i] - y[i]) / std::fabs(y[i]) <= 0.2 : predicted.value()[i] == y[i];
  return nlohmann::ordered_json{{"test_r2", m.r2},
                                {"test_mae", m.mae},
                                {"test_accuracy", static_cast<double>(within) / static_cast<double>(y.size())}};
}

Result<nlohmann::ordered_json> retrain(Database& db, const RetrainOptions& o, const std::string& target,
                                       nlohmann::ordered_json out) {
  const std::string target_col = target_column(target);
  Result<CsvTable> rows = training_rows(db, o.model_name, target);
  if (!rows.ok()) return rows.error();
  const auto count = static_cast<std::int64_t>(rows.value().rows.size());
  if (count < o.min_samples) {
    nlohmann::ordered_json s = status("insufficient_data", o.now);
    s["count"] = count;
    s["message"] =
        "Need at least " + std::to_string(o.min_samples) + " samples for retraining, got " + std::to_string(count);
    return s;
  }
  Result<RegisteredModel> current = latest_model(db, o.model_name, o.tenant);
  nlohmann::json current_document;
  if (current.ok()) {
    Result<nlohmann::json> parsed = parse_json(current.value().document);
    if (!parsed.ok())
      return Error{ErrorCode::kParseError, "model " + current.value().model_id + ": " + parsed.error().message};
    current_document = parsed.value();
  }
  const nlohmann::json* current_ptr = current.ok() ? &current_document : nullptr;
  Result<FeatureSpec> spec = spec_for(rows.value(), target_col, current_ptr);
  if (!spec.ok()) return spec.error();
  Result<Split> split = train_test_split(rows.value().rows.size(), kTestFraction, o.seed);
  if (!split.ok()) return split.error();
  const CsvTable train = select_table_rows(rows.value(), split.value().train);
  const CsvTable test = select_table_rows(rows.value(), split.value().test);
  Result<std::vector<double>> test_y = test.numbers(target_col);
  if (!test_y.ok()) return test_y.error();
  Result<std::pair<std::string, std::string>> fitted = refit(train, spec.value(), target_col, current_ptr, o);
  if (!fitted.ok()) return fitted.error();
  Result<nlohmann::ordered_json> metrics = holdout_metrics(fitted.value().second, test, test_y.value());
  if (!metrics.ok()) return metrics.error();
  metrics.value()["trained_at"] = o.now;
  nlohmann::ordered_json old_metrics = nullptr;
  bool promote = true;
  if (current.ok()) {
    // The current model scores the same held-out rows through its own feature spec.
    Result<nlohmann::ordered_json> old = holdout_metrics(current.value().document, test, test_y.value());
    if (old.ok()) old_metrics = old.value();
    promote =
        old_metrics.is_null() || metrics.value()["test_mae"].get<double>() < old_metrics["test_mae"].get<double>();
  }
  Result<std::string> kind = model_document_kind(fitted.value().second);
  if (!kind.ok()) return kind.error();
  RegisteredModel entry{o.model_name + "@" + fitted.value().first,
                        o.model_name,
                        o.tenant,
                        kind.value(),
                        format_date(timestamp_day(o.now).value()),
                        o.now,
                        static_cast<std::int64_t>(train.rows.size()),
                        nlohmann::json::parse(metrics.value().dump()),
                        fitted.value().second,
                        false,
                        kOwnerRetrain,
                        ""};
  entry.active_reason = current.ok()
                            ? "promoted by retrain at " + o.now + ": holdout MAE " +
                                  format_number(metrics.value()["test_mae"].get<double>()) + " < " +
                                  format_number(old_metrics.is_null() ? 0.0 : old_metrics["test_mae"].get<double>()) +
                                  " of " + current.value().model_id
                            : "first model of '" + o.model_name + "', trained by retrain at " + o.now;
  if (current.ok() && old_metrics.is_null())
    entry.active_reason = "promoted by retrain at " + o.now + ": the current model " + current.value().model_id +
                          " could not score the holdout rows";
  if (Status s = register_model(db, entry, promote); !s.ok()) return s.error();
  out["status"] = "retrained";
  out["samples"] = count;
  out["metrics"] = metrics.value();
  out["old_metrics"] = old_metrics.is_null() ? nlohmann::ordered_json()
                                             : nlohmann::ordered_json{{"test_r2", old_metrics["test_r2"]},
                                                                      {"test_mae", old_metrics["test_mae"]}};
  out["improvement"] =
      old_metrics.is_null()
          ? nlohmann::ordered_json()
          : nlohmann::ordered_json{
                {"r2_improvement", metrics.value()["test_r2"].get<double>() - old_metrics["test_r2"].get<double>()},
                {"mae_improvement", old_metrics["test_mae"].get<double>() - metrics.value()["test_mae"].get<double>()}};
  out["promoted"] = promote;
  out["model_id"] = entry.model_id;
  out["kind"] = entry.kind;
  out["message"] = promote
                       ? "promoted " + entry.model_id +
                             (current.ok() ? " over " + current.value().model_id : std::string(" (first model)"))
                       : "kept " + current.value().model_id + ": the retrained model did not beat it on the holdout";
  out["retrained_at"] = o.now;
  out["checked_at"] = o.now;
  return out;
}

}  // namespace

Result<nlohmann::ordered_json> check_and_retrain(Database& db, const RetrainOptions& o) {
  if (Status s = check_timestamp(o.now, "now"); !s.ok()) return s.error();
  if (!(o.threshold > 0) || !std::isfinite(o.threshold))
    return invalid_argument("threshold must be a positive MAE, e.g. 0.02");
  if (o.lookback_days < 1) return invalid_argument("lookback must be at least 1 day");
  if (o.min_samples < 2) return invalid_argument("min_samples must be at least 2");
  // One owner per name: the names the daily learning job writes are not retrained here (issue 18).
  for (const std::string& tenant : {o.tenant, std::string(kDefaultTenant)}) {
    Result<std::string> owner = model_name_owner(db, o.model_name, tenant);
    if (!owner.ok()) return owner.error();
    if (owner.value() == kOwnerLearn)
      return nlohmann::ordered_json{
          {"status", "error"},
          {"message", "model '" + o.model_name + "' is trained daily by learn (the learning job owns the name); " +
                          "retrain writes a name of its own: record the predictions under another model name, e.g. '" +
                          o.model_name + "_retrained'"},
          {"checked_at", o.now}};
  }
  Result<nlohmann::ordered_json> accuracy = prediction_accuracy(db, {o.model_name, o.now, o.lookback_days, o.target});
  if (!accuracy.ok())
    return nlohmann::ordered_json{{"status", "error"}, {"message", accuracy.error().message}, {"checked_at", o.now}};
  const nlohmann::ordered_json& acc = accuracy.value();
  // The target: named, else the one of the window's predictions, else CTR (spec 002's).
  const std::string target = acc["target"].is_string() ? acc["target"].get<std::string>() : std::string("ctr");
  Result<std::string> since = drift_restart(db, o);
  Result<std::vector<double>> errors = since.ok() ? drift_errors(db, o, target, since.value()) : since.error();
  if (!errors.ok())
    return nlohmann::ordered_json{{"status", "error"}, {"message", errors.error().message}, {"checked_at", o.now}};
  PageHinkleyOptions ph;
  ph.scale = o.threshold;
  const DriftResult drift = page_hinkley(errors.value(), ph);
  // What the drift test saw: its samples, since when (null: no model yet), and its statistic.
  const nlohmann::ordered_json drift_json = {
      {"method", "page_hinkley"},
      {"detected", drift.detected},
      {"statistic", drift.statistic},
      {"samples", errors.value().size()},
      {"since", since.value().empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(since.value())}};
  const bool inaccurate = !acc["mae"].is_null() && acc["mae"].get<double>() > o.threshold;
  const bool untrained = !latest_model(db, o.model_name, o.tenant).ok();
  if (acc["total_predictions"].get<std::int64_t>() == 0 && !untrained) {
    nlohmann::ordered_json s = status("insufficient_data", o.now);
    s["count"] = 0;
    s["message"] =
        "no completed predictions in the last " + std::to_string(o.lookback_days) + " days to measure accuracy on";
    return s;
  }
  if (!inaccurate && !drift.detected && !untrained) {
    nlohmann::ordered_json s = {{"status", "no_retrain_needed"}, {"current_accuracy", acc}, {"threshold", o.threshold}};
    s["message"] = "Model accuracy acceptable (MAE=" + format_number(std::round(acc["mae"].get<double>() * 1e4) / 1e4) +
                   " <= " + format_number(o.threshold) + ")";
    s["drift"] = drift_json;
    s["checked_at"] = o.now;
    return s;
  }
  nlohmann::ordered_json out = {{"status", "retrained"}};
  out["trigger"] = untrained ? "no_model" : inaccurate ? "accuracy" : "drift";
  out["current_accuracy"] = acc;
  out["drift"] = drift_json;
  Result<nlohmann::ordered_json> done = retrain(db, o, target, out);
  if (!done.ok())
    return nlohmann::ordered_json{{"status", "error"}, {"message", done.error().message}, {"checked_at", o.now}};
  return done;
}

}  // namespace learnloop
