// Feature sets of the linear presets.
#include "learnloop/predictors/linear_presets.hpp"

namespace learnloop {
namespace {

Error unknown_preset(const std::string& preset) {
  return invalid_argument("unknown linear preset '" + preset +
                          "'; expected engagement_rate (ridge) or follow_through (logistic)");
}

/// A column of the given kind with every other field at its default.
FeatureColumn column(const std::string& name, const std::string& kind = "numeric") {
  FeatureColumn c;
  c.name = name;
  c.kind = kind;
  return c;
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
    FeatureColumn type = column("content_type", "one_hot");
    FeatureColumn hour = column("hour", "cyclic_hour");
    hour.source = "timing_slot";
    spec.columns = {column("quality_score"), type, column("timing_slot"), column("length_medium"), hour};
    return spec;
  }
  if (preset == "follow_through") {
    FeatureColumn viral = column("viral_indicators");
    viral.source = "viral_score";
    viral.divide_by = 100;
    spec.columns = {column("novelty_score"), column("expertise_level"), viral};
    return spec;
  }
  return unknown_preset(preset);
}

}  // namespace learnloop
