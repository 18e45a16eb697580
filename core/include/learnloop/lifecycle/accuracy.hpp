// Accuracy tracking (spec 002, made generic by issue 18): predictions of any model and any target
// (engagement rate, CTR, ROAS, ...) recorded in prediction_records as `predicted`, completed with the
// `actual` value, and accuracy over a lookback window with breakdowns by hook and template. CTR and
// ROAS predictions also fill spec 002's predicted_ctr/actual_ctr and _roas columns, and a CTR model's
// accuracy keeps spec 002's ctr_* fields.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// A prediction as it is made.
struct PredictionRecord {
  std::string prediction_id;             ///< unique id
  std::string model_name = "ctr";        ///< registry name of the model that predicted
  std::string model_id;                  ///< registry id (version) of that model
  std::string content_id;                ///< what was predicted for
  std::string hook_type;                 ///< for breakdowns
  std::string template_id;               ///< for breakdowns
  std::string target;                    ///< what is predicted (default: "ctr" with predicted_ctr, else model_name)
  std::optional<double> predicted;       ///< the predicted value of target
  std::optional<double> predicted_ctr;   ///< predicted click-through rate
  std::optional<double> predicted_roas;  ///< predicted return on ad spend
  nlohmann::json features = nlohmann::json::object();  ///< model inputs, kept to retrain on
  std::string predicted_at;                            ///< UTC timestamp
};

/// SQL expressions over prediction_records that read a row's target, predicted, actual and abs_error, also for rows
/// written without them (ingested with spec 002's ctr/roas columns only: target ctr, else roas, as migration 5 does).
struct PredictionColumnsSql {
  static constexpr const char* kTarget =
      "COALESCE(target, CASE WHEN predicted_ctr IS NOT NULL THEN 'ctr' WHEN predicted_roas IS NOT NULL THEN 'roas' "
      "END)";  ///< the row's target
  static constexpr const char* kPredicted =
      "COALESCE(predicted, CASE WHEN target IS NULL THEN COALESCE(predicted_ctr, predicted_roas) END)";  ///< its value
  static constexpr const char* kActual =
      "COALESCE(actual, CASE WHEN target IS NULL THEN CASE WHEN predicted_ctr IS NOT NULL THEN actual_ctr ELSE "
      "actual_roas END END)";  ///< the actual value
  static constexpr const char* kAbsError =
      "COALESCE(abs_error, CASE WHEN target IS NULL THEN CASE WHEN predicted_ctr IS NOT NULL THEN ctr_error ELSE "
      "roas_error END END)";  ///< |predicted - actual|
};

/// Stores a new prediction with status "predicted".
Status record_prediction(Database& db, const PredictionRecord& record);

/// Moves a prediction to "running" (its campaign is live).
Status mark_prediction_running(Database& db, const std::string& prediction_id);

/// Stores the actual outcome (`actual` of the prediction's target; actual_ctr/actual_roas for spec 002), the absolute
/// errors and status "completed".
Status complete_prediction(Database& db, const std::string& prediction_id, std::optional<double> actual_ctr,
                           std::optional<double> actual_roas, const std::string& completed_at,
                           std::optional<double> actual = std::nullopt);

/// Which completed predictions accuracy covers.
struct AccuracyWindow {
  std::string model_name = "ctr";  ///< predictions of this model
  std::string now;                 ///< UTC timestamp; the window ends on its day
  int lookback_days = 7;           ///< days of completions, ending on now's day
  std::string target;              ///< only predictions of this target; "" = the model's one target
};

/// {model_name, target, total_predictions, mae, rmse, r2, accuracy (% within 20% relative error), ctr_* (spec 002)
/// when the target is ctr or unknown, roas_* when present, by_hook_type, by_template_id}; null metrics when there are
/// no completed predictions. A model whose window holds several targets needs `target`.
Result<nlohmann::ordered_json> prediction_accuracy(Database& db, const AccuracyWindow& window);

}  // namespace learnloop
