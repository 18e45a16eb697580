// prediction_records writes and the accuracy of completed predictions over a window.
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

void put_stats(nlohmann::ordered_json& out, const std::string& prefix, const ErrorStats& s) {
  if (s.n == 0) {
    for (const char* k : {"_mae", "_rmse", "_r2", "_accuracy"}) out[prefix + k] = nullptr;
    return;
  }
  out[prefix + "_mae"] = s.mae();
  out[prefix + "_rmse"] = s.rmse();
  out[prefix + "_r2"] = s.r2();
  out[prefix + "_accuracy"] = s.accuracy_percent();
}

nlohmann::ordered_json breakdown(const std::map<std::string, ErrorStats>& groups) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, s] : groups)
    out[key] = {{"count", s.n}, {"ctr_mae", s.mae()}, {"ctr_accuracy", s.accuracy_percent()}};
  return out;
}

}  // namespace

Status record_prediction(Database& db, const PredictionRecord& r) {
  if (r.prediction_id.empty()) return invalid_argument("prediction_id must not be empty");
  if (Status s = check_timestamp(r.predicted_at, "predicted_at"); !s.ok()) return s;
  if (Status s = check_optional_finite(r.predicted_ctr, "predicted_ctr"); !s.ok()) return s;
  if (Status s = check_optional_finite(r.predicted_roas, "predicted_roas"); !s.ok()) return s;
  if (!r.features.is_object()) return invalid_argument("features must be a JSON object of model inputs");
  const auto text = [](const std::string& v) { return v.empty() ? SqlValue{} : SqlValue{v}; };
  return run_statement(
      db,
      "INSERT INTO prediction_records (prediction_id, model_name, model_id, content_id, hook_type, template_id, "
      "predicted_ctr, "
      "predicted_roas, features, status, predicted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'predicted', ?)",
      {r.prediction_id, r.model_name, text(r.model_id), text(r.content_id), text(r.hook_type), text(r.template_id),
       optional_value(r.predicted_ctr), optional_value(r.predicted_roas), r.features.dump(), r.predicted_at});
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
                           std::optional<double> actual_roas, const std::string& completed_at) {
  if (Status s = check_timestamp(completed_at, "completed_at"); !s.ok()) return s;
  if (Status s = check_optional_finite(actual_ctr, "actual_ctr"); !s.ok()) return s;
  if (Status s = check_optional_finite(actual_roas, "actual_roas"); !s.ok()) return s;
  if (!actual_ctr && !actual_roas)
    return invalid_argument("a completed prediction needs actual_ctr, actual_roas or both");
  Result<std::vector<std::vector<SqlValue>>> found = query_rows(
      db, "SELECT predicted_ctr, predicted_roas FROM prediction_records WHERE prediction_id = ?", {prediction_id});
  if (!found.ok()) return found.error();
  if (found.value().empty()) return Error{ErrorCode::kNotFound, "no prediction '" + prediction_id + "'"};
  const auto error_of = [](const SqlValue& predicted, const std::optional<double>& actual) {
    return is_null(predicted) || !actual ? SqlValue{} : SqlValue{std::fabs(sql_number(predicted) - *actual)};
  };
  return run_statement(
      db,
      "UPDATE prediction_records SET actual_ctr = ?, actual_roas = ?, ctr_error = ?, roas_error = ?, status = "
      "'completed', "
      "completed_at = ? WHERE prediction_id = ?",
      {optional_value(actual_ctr), optional_value(actual_roas), error_of(found.value()[0][0], actual_ctr),
       error_of(found.value()[0][1], actual_roas), completed_at, prediction_id});
}

Result<nlohmann::ordered_json> prediction_accuracy(Database& db, const AccuracyWindow& w) {
  Result<DayNumber> now = timestamp_day(w.now);
  if (!now.ok()) return now.error();
  if (w.lookback_days < 1)
    return invalid_argument("lookback must be at least 1 day, got " + std::to_string(w.lookback_days));
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      "SELECT predicted_ctr, actual_ctr, predicted_roas, actual_roas, hook_type, template_id FROM prediction_records "
      "WHERE status = 'completed' AND model_name = ? AND completed_at >= ? AND completed_at < ? ORDER BY completed_at, "
      "prediction_id",
      {w.model_name, format_date(now.value() - w.lookback_days + 1), format_date(now.value() + 1)});
  if (!rows.ok()) return rows.error();
  ErrorStats ctr, roas;
  std::map<std::string, ErrorStats> by_hook, by_template;
  for (const auto& r : rows.value()) {
    if (!is_null(r[0]) && !is_null(r[1])) {
      ctr.add(sql_number(r[0]), sql_number(r[1]));
      if (!is_null(r[4])) by_hook[sql_text(r[4])].add(sql_number(r[0]), sql_number(r[1]));
      if (!is_null(r[5])) by_template[sql_text(r[5])].add(sql_number(r[0]), sql_number(r[1]));
    }
    if (!is_null(r[2]) && !is_null(r[3])) roas.add(sql_number(r[2]), sql_number(r[3]));
  }
  nlohmann::ordered_json out;
  put_stats(out, "ctr", ctr);
  if (roas.n > 0) put_stats(out, "roas", roas);
  out["total_predictions"] = rows.value().size();
  out["by_hook_type"] = breakdown(by_hook);
  out["by_template_id"] = breakdown(by_template);
  return out;
}

}  // namespace learnloop
