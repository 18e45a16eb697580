// check_and_retrain (spec 002, any target since issue 18): measure the model's accuracy over the lookback window;
// when its MAE (CTR MAE for spec 002's CTR model) passes the threshold, or Page-Hinkley finds the error rising (over
// the lookback window's predictions made since the last retrain or promotion, so the test starts over after each),
// refit it on the completed predictions' recorded features and actual values, and promote the new model only when it
// beats the current one on a held-out split. Returns the spec's statuses: no_retrain_needed, retrained,
// insufficient_data, error (each with checked_at).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// Settings of one check.
struct RetrainOptions {
  std::string model_name = "ctr";  ///< registry name
  std::string tenant = "default";  ///< registry tenant
  std::string target;              ///< target of the predictions; "" = the one the window's predictions have (else ctr)
  double threshold = 0.02;         ///< MAE above this triggers a retrain
  int lookback_days = 7;           ///< days of completed predictions the accuracy covers
  std::int64_t min_samples = 50;   ///< training rows needed to retrain
  std::string now;                 ///< UTC timestamp of the check (checked_at)
  std::uint64_t seed = 0;          ///< seed of the train/holdout split
  double alpha = 1.0;              ///< ridge penalty of a first model (later fits reuse the current model's)
};

/// Runs the check; every outcome, including failures, is a status object (never an Error) once the options are valid.
Result<nlohmann::ordered_json> check_and_retrain(Database& db, const RetrainOptions& options);

}  // namespace learnloop
