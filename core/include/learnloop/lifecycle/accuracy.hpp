// Accuracy tracking (spec 002): predictions recorded in prediction_records, completed with what
// actually happened, and accuracy over a lookback window with breakdowns by hook and template.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// A prediction as it is made.
struct PredictionRecord {
  std::string prediction_id;                           ///< unique id
  std::string model_name = "ctr";                      ///< registry name of the model that predicted
  std::string model_id;                                ///< registry id (version) of that model
  std::string content_id;                              ///< what was predicted for
  std::string hook_type;                               ///< for breakdowns
  std::string template_id;                             ///< for breakdowns
  std::optional<double> predicted_ctr;                 ///< predicted click-through rate
  std::optional<double> predicted_roas;                ///< predicted return on ad spend
  nlohmann::json features = nlohmann::json::object();  ///< model inputs, kept to retrain on
  std::string predicted_at;                            ///< UTC timestamp
};

/// Stores a new prediction with status "predicted".
Status record_prediction(Database& db, const PredictionRecord& record);

/// Moves a prediction to "running" (its campaign is live).
Status mark_prediction_running(Database& db, const std::string& prediction_id);

/// Stores the actual outcome, the absolute errors and status "completed".
Status complete_prediction(Database& db, const std::string& prediction_id, std::optional<double> actual_ctr,
                           std::optional<double> actual_roas, const std::string& completed_at);

/// Which completed predictions accuracy covers.
struct AccuracyWindow {
  std::string model_name = "ctr";  ///< predictions of this model
  std::string now;                 ///< UTC timestamp; the window ends on its day
  int lookback_days = 7;           ///< days of completions, ending on now's day
};

/// {total_predictions, ctr_mae, ctr_rmse, ctr_r2, ctr_accuracy (% within 20% relative error), roas_* when
/// present, by_hook_type, by_template_id}; null metrics when there are no completed predictions.
Result<nlohmann::ordered_json> prediction_accuracy(Database& db, const AccuracyWindow& window);

}  // namespace learnloop
