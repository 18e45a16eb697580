// The specs' linear predictors as presets (spec 003): "engagement_rate", a ridge model on
// quality_score, content_type (one-hot), timing_slot, length_medium and the posting hour as sin and
// cos of 2 pi timing_slot / 24; "follow_through", a logistic model on novelty_score,
// expertise_level and viral_indicators = viral_score / 100. No I/O.
#pragma once

#include <string>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/feature_spec.hpp"

namespace learnloop {

/// The model kind of a linear preset: ridge for engagement_rate, logistic for follow_through.
Result<std::string> linear_preset_kind(const std::string& preset);

/// The feature spec of a linear preset (unfitted).
Result<FeatureSpec> linear_preset_spec(const std::string& preset);

}  // namespace learnloop
