// prediction_records writes and the accuracy of completed predictions over a window: generic
// (`predicted`/`actual` of any target) with spec 002's ctr_*/roas_* fields beside.
#include "learnloop/lifecycle/accuracy.hpp"

#include <cmath>
#include <map>

#include "learnloop/core/dates.hpp"

namespace learnloop {
namespace {

constexpr double kWithin = 0.2;  // "accurate" = within 20% relative error (spec 002)

SqlValue optional_value(const std::optional<double>& v) { return v ? SqlValue{*v} : SqlValue{}; }

Status check_optional_finite(const std::optional<double>& v, const char* what) {
  if (v && !std::isfinite(*v)) return invalid_argument(std::string(what) + " must be a finite number");
  return {};
}

// Error statistics of (predicted, actual) pairs.
struct ErrorStats {
  std::size_t n = 0, within = 0;
  double abs_sum = 0, sq_sum = 0, actual_sum = 0, actual_sq_sum = 0;
  void add(double predicted, double actual) {
    const double e = predicted - actual;
    ++n;
    abs_sum += std::fabs(e);
    sq_sum += e * e;
    actual_sum += actual;
    actual_sq_sum += actual * actual;
    within += actual != 0 ? std::fabs(e) / std::fabs(actual) <= kWithin : e == 0;
  }
  double mae() const { return abs_sum / static_cast<double>(n); }
  double rmse() const { return std::sqrt(sq_sum / static_cast<double>(n)); }
  double r2() const {
    const double mean = actual_sum / static_cast<double>(n);
    const double total = actual_sq_sum - static_cast<double>(n) * mean * mean;
    return total > 0 ? 1 - sq_sum / total : 0;
  }
  double accuracy_percent() const { return 100.0 * static_cast<double>(within) / static_cast<double>(n); }
};

// mae, rmse, r2 and accuracy (% within 20%) under `prefix` ("", "ctr_", "roas_"); null without pairs.
void put_stats(nlohmann::ordered_json& out, const std::string& prefix, const ErrorStats& s) {
  if (s.n == 0) {
    for (const char* k : {"mae", "rmse", "r2", "accuracy"}) out[prefix + k] = nullptr;
    return;
  }
  out[prefix + "mae"] = s.mae();
  out[prefix + "rmse"] = s.rmse();
  out[prefix + "r2"] = s.r2();
  out[prefix + "accuracy"] = s.accuracy_percent();
}

// Per group: count, MAE and accuracy of the target, and spec 002's ctr_mae/ctr_accuracy for a CTR target.
nlohmann::ordered_json breakdown(const std::map<std::string, ErrorStats>& groups, bool ctr) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, s] : groups) {
    nlohmann::ordered_json g = {{"count", s.n}, {"mae", s.mae()}, {"accuracy", s.accuracy_percent()}};
    if (ctr) {
      g["ctr_mae"] = s.mae();
      g["ctr_accuracy"] = s.accuracy_percent();
    }
    out[key] = std::move(g);
  }
  return out;
}

// The target a prediction predicts: given, else "ctr" or "roas" for spec 002's fields alone, else the model's name.
std::string target_of(const PredictionRecord& r) {
  if (!r.target.empty()) return r.target;
  if (!r.predicted && r.predicted_ctr) return "ctr";
  if (!r.predicted && r.predicted_roas) return "roas";
  return r.model_name;
}

}  // namespace

Status record_prediction(Database& db, const PredictionRecord& r) {
  if (r.prediction_id.empty()) return invalid_argument("prediction_id must not be empty");
  if (Status s = check_timestamp(r.predicted_at, "predicted_at"); !s.ok()) return s;
  if (r.model_name.empty()) return invalid_argument("model_name must not be empty");
  if (Status s = check_optional_finite(r.predicted, "predicted"); !s.ok()) return s;
  if (Status s = check_optional_finite(r.predicted_ctr, "predicted_ctr"); !s.ok()) return s;
  if (Status s = check_optional_finite(r.predicted_roas, "predicted_roas"); !s.ok()) return s;
  if (!r.features.is_object()) return invalid_argument("features must be a JSON object of model inputs");
  const std::string target = target_of(r);
  // `predicted` and spec 002's column of the same target are one value: either fills the other, and they must agree.
  std::optional<double> predicted = r.predicted, ctr = r.predicted_ctr, roas = r.predicted_roas;
  for (const auto& [name, column] : {std::pair{"ctr", &ctr}, std::pair{"roas", &roas}}) {
    if (target != name) continue;
    if (predicted && *column && *predicted != **column)
      return invalid_argument(std::string("predicted and predicted_") + name + " differ; give one of them");
    if (!predicted) predicted = *column;
    if (!*column) *column = predicted;
  }
  if (!predicted && !ctr && !roas)
    return invalid_argument("a prediction needs predicted (the value of its target), predicted_ctr or predicted_roas");
  const auto text = [](const std::string& v) { return v.empty() ? SqlValue{} : SqlValue{v}; };
  return run_statement(db,
                       "INSERT INTO prediction_records (prediction_id, model_name, model_id, content_id, hook_type, "
                       "template_id, target, predicted, predicted_ctr, predicted_roas, features, status, predicted_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'predicted', ?)",
                       {r.prediction_id, r.model_name, text(r.model_id), text(r.content_id), text(r.hook_type),
                        text(r.template_id), target, optional_value(predicted), optional_value(ctr),
                        optional_value(roas), r.features.dump(), r.predicted_at});
}

Status mark_prediction_running(Database& db, const std::string& prediction_id) {
  if (Status s = run_statement(
          db, "UPDATE prediction_records SET status = 'running' WHERE prediction_id = ? AND status = 'predicted'",
          {prediction_id});
      !s.ok())
    return s;
  Result<std::vector<std::vector<SqlValue>>> found =
      query_rows(db, "SELECT status FROM prediction_records WHERE prediction_id = ?", {prediction_id});
  if (!found.ok()) return found.error();
  if (found.value().empty()) return Error{ErrorCode::kNotFound, "no prediction '" + prediction_id + "'"};
  if (sql_text(found.value()[0][0]) == "completed")
    return invalid_argument("prediction '" + prediction_id + "' is already completed");
  return {};
}

Status complete_prediction(Database& db, const std::string& prediction_id, std::optional<double> actual_ctr,
                           std::optional<double> actual_roas, const std::string& completed_at,
                           std::optional<double> actual) {
  if (Status s = check_timestamp(completed_at, "completed_at"); !s.ok()) return s;
  if (Status s = check_optional_finite(actual, "actual"); !s.ok()) return s;
  if (Status s = check_optional_finite(actual_ctr, "actual_ctr"); !s.ok()) return s;
  if (Status s = check_optional_finite(actual_roas, "actual_roas"); !s.ok()) return s;
  if (!actual && !actual_ctr && !actual_roas)
    return invalid_argument("a completed prediction needs actual (the value of its target), actual_ctr or actual_roas");
  Result<std::vector<std::vector<SqlValue>>> found = query_rows(
      db, "SELECT predicted_ctr, predicted_roas, target, predicted FROM prediction_records WHERE prediction_id = ?",
      {prediction_id});
  if (!found.ok()) return found.error();
  if (found.value().empty()) return Error{ErrorCode::kNotFound, "no prediction '" + prediction_id + "'"};
  const std::vector<SqlValue>& row = found.value()[0];
  const std::string target = is_null(row[2]) ? std::string() : sql_text(row[2]);
  // As on record: `actual` and spec 002's column of the prediction's target are one value.
  for (const auto& [name, column] : {std::pair{"ctr", &actual_ctr}, std::pair{"roas", &actual_roas}}) {
    if (target != name) continue;
    if (actual && *column && *actual != **column)
      return invalid_argument(std::string("actual and actual_") + name + " differ; give one of them");
    if (!actual) actual = *column;
    if (!*column) *column = actual;
  }
  const auto error_of = [](const SqlValue& predicted, const std::optional<double>& value) {
    return is_null(predicted) || !value ? SqlValue{} : SqlValue{std::fabs(sql_number(predicted) - *value)};
  };
  return run_statement(
      db,
      "UPDATE prediction_records SET actual = ?, abs_error = ?, actual_ctr = ?, actual_roas = ?, "
      "ctr_error = ?, roas_error = ?, status = 'completed', completed_at = ? WHERE prediction_id = ?",
      {optional_value(actual), error_of(row[3], actual), optional_value(actual_ctr), optional_value(actual_roas),
       error_of(row[0], actual_ctr), error_of(row[1], actual_roas), completed_at, prediction_id});
}

Result<nlohmann::ordered_json> prediction_accuracy(Database& db, const AccuracyWindow& w) {
  Result<DayNumber> now = timestamp_day(w.now);
  if (!now.ok()) return now.error();
  if (w.lookback_days < 1)
    return invalid_argument("lookback must be at least 1 day, got " + std::to_string(w.lookback_days));
  using Sql = PredictionColumnsSql;
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      std::string("SELECT ") + Sql::kPredicted + ", " + Sql::kActual + ", " + Sql::kTarget +
          ", predicted_ctr, actual_ctr, predicted_roas, actual_roas, hook_type, template_id FROM prediction_records "
          "WHERE status = 'completed' AND model_name = ? AND completed_at >= ? AND completed_at < ? AND (? = '' OR " +
          Sql::kTarget + " = ?) ORDER BY completed_at, prediction_id",
      {w.model_name, format_date(now.value() - w.lookback_days + 1), format_date(now.value() + 1), w.target, w.target});
  if (!rows.ok()) return rows.error();
  std::map<std::string, std::size_t> targets;
  for (const auto& r : rows.value()) ++targets[is_null(r[2]) ? std::string() : sql_text(r[2])];
  if (targets.size() > 1) {
    std::string names;
    for (const auto& [name, n] : targets) names += (names.empty() ? "'" : ", '") + name + "'";
    return invalid_argument("model '" + w.model_name + "' has completed predictions of several targets (" + names +
                            "); name one with target");
  }
  const std::string target = !w.target.empty() ? w.target : targets.empty() ? std::string() : targets.begin()->first;
  ErrorStats all, ctr, roas;
  std::map<std::string, ErrorStats> by_hook, by_template;
  for (const auto& r : rows.value()) {
    if (!is_null(r[0]) && !is_null(r[1])) {
      all.add(sql_number(r[0]), sql_number(r[1]));
      if (!is_null(r[7])) by_hook[sql_text(r[7])].add(sql_number(r[0]), sql_number(r[1]));
      if (!is_null(r[8])) by_template[sql_text(r[8])].add(sql_number(r[0]), sql_number(r[1]));
    }
    if (!is_null(r[3]) && !is_null(r[4])) ctr.add(sql_number(r[3]), sql_number(r[4]));
    if (!is_null(r[5]) && !is_null(r[6])) roas.add(sql_number(r[5]), sql_number(r[6]));
  }
  // Spec 002's CTR fields belong to CTR models (and to a window with nothing in it yet, as spec 002 answers).
  const bool ctr_fields = target.empty() || target == "ctr";
  nlohmann::ordered_json out;
  out["model_name"] = w.model_name;
  out["target"] = target.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(target);
  out["total_predictions"] = rows.value().size();
  put_stats(out, "", all);
  if (ctr_fields) put_stats(out, "ctr_", ctr);
  if (roas.n > 0) put_stats(out, "roas_", roas);
  out["by_hook_type"] = breakdown(by_hook, ctr_fields);
  out["by_template_id"] = breakdown(by_template, ctr_fields);
  return out;
}

}  // namespace learnloop
