// Event match quality (EMQ, spec 004's data-quality analyzer): how well a conversion event can be
// matched to a user by the ad platform, from which identifying fields it carries. Per-platform
// field weights (meta, google) from the spec; score 0-100, level, missing and invalid fields,
// estimated attribution impact and recommendations; batch mode over JSON Lines. Pure: no I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// One matching field and its weight for a platform.
struct EmqFieldWeight {
  std::string field;  ///< canonical field name, e.g. "email"
  double weight;      ///< share of the score, the weights of a platform sum to 1
};

/// The platforms with field weights: "meta", "google".
const std::vector<std::string>& emq_platforms();

/// Spec 004's field weights of `platform`; invalid_argument naming the known platforms otherwise.
Result<std::vector<EmqFieldWeight>> emq_field_weights(const std::string& platform);

/// Scores one event object (fields at the top level or under "user_data", Meta CAPI short names accepted).
Result<nlohmann::ordered_json> analyze_event_quality(const nlohmann::json& event, const std::string& platform);

/// Scores every line of JSON Lines text: per-event results (with line numbers), malformed lines and a batch summary.
/// Fails only for an unknown platform or when no line holds an event.
Result<nlohmann::ordered_json> analyze_event_quality_batch(const std::string& jsonl, const std::string& platform);

}  // namespace learnloop
