// Feature sets of the linear presets.
#include "learnloop/predictors/linear_presets.hpp"

namespace learnloop {
namespace {

Error unknown_preset(const std::string& preset) {
  return invalid_argument("unknown linear preset '" + preset +
                          "'; expected engagement_rate (ridge) or follow_through (logistic)");
}

}  // namespace

Result<std::string> linear_preset_kind(const std::string& preset) {
  if (preset == "engagement_rate") return std::string("ridge");
  if (preset == "follow_through") return std::string("logistic");
  return unknown_preset(preset);
}

Result<FeatureSpec> linear_preset_spec(const std::string& preset) {
  FeatureSpec spec;
  if (preset == "engagement_rate") {
    FeatureColumn type = feature_column("content_type", "one_hot");
    FeatureColumn hour = feature_column("hour", "cyclic_hour");
    hour.source = "timing_slot";
    spec.columns = {feature_column("quality_score"), type, feature_column("timing_slot"),
                    feature_column("length_medium"), hour};
    return spec;
  }
  if (preset == "follow_through") {
    FeatureColumn viral = feature_column("viral_indicators");
    viral.source = "viral_score";
    viral.divide_by = 100;
    spec.columns = {feature_column("novelty_score"), feature_column("expertise_level"), viral};
    return spec;
  }
  return unknown_preset(preset);
}

}  // namespace learnloop
