// Prediction, metrics and the versioned document of linear models.
#include "learnloop/predictors/linear_model.hpp"

#include <algorithm>
#include <cmath>

#include "learnloop/core/det_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/metrics.hpp"
#include "learnloop/predictors/model_document.hpp"

namespace learnloop {

Result<std::vector<double>> LinearModel::predict(const Dataset& x) const {
  if (x.cols != features.size())
    return invalid_argument("the data has " + std::to_string(x.cols) + " feature columns; the " + kind +
                            " model expects " + std::to_string(features.size()));
  // Dropped features (constant at fit) are ignored, whatever value they hold now.
  std::vector<bool> used(x.cols, true);
  for (std::size_t c = 0; c < x.cols; ++c)
    used[c] = std::find(dropped.begin(), dropped.end(), features[c]) == dropped.end();
  std::vector<double> out(x.rows);
  for (std::size_t r = 0; r < x.rows; ++r) {
    double z = intercept;
    for (std::size_t c = 0; c < x.cols; ++c)
      if (used[c]) z += coefficients[c] * x.at(r, c);
    out[r] = kind == "logistic" ? dmath::sigmoid(z) : z;
  }
  return out;
}

Status add_metrics(LinearModel& model, const std::string& split, const Dataset& x, const std::vector<double>& y) {
  Result<std::vector<double>> predicted = model.predict(x);
  if (!predicted.ok()) return predicted.status();
  Status s = check_target(x, y, "target");
  if (!s.ok()) return s;
  model.metrics[split] = metrics_json(model.kind == "logistic", y, predicted.value());
  return {};
}

std::string model_to_json(const LinearModel& model) {
  nlohmann::ordered_json doc;
  doc["format"] = kModelFormat;
  doc["format_version"] = kModelFormatVersion;
  doc["kind"] = model.kind;
  doc["version"] = model.version;
  doc["features"] = model.features;
  doc["coefficients"] = model.coefficients;
  doc["intercept"] = model.intercept;
  if (!model.dropped.empty()) doc["dropped"] = model.dropped;
  doc["params"] = model.params.is_null() ? nlohmann::ordered_json::object() : model.params;
  doc["metrics"] = model.metrics.is_null() ? nlohmann::ordered_json::object() : model.metrics;
  if (!model.feature_spec.is_null()) doc["feature_spec"] = model.feature_spec;
  if (!model.conformal.is_null()) doc["conformal"] = model.conformal;
  return doc.dump();
}

std::string model_content_id(const LinearModel& model) {
  LinearModel bare = model;
  bare.version.clear();
  bare.metrics = nullptr;
  bare.conformal = nullptr;
  return model_content_hash_id(model.kind, model_to_json(bare));
}

Result<LinearModel> model_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = parsed.value();
  Status header = check_state_header(doc, kModelFormat, kModelFormatVersion, "format_version");
  if (!header.ok()) return header.error();
  LinearModel model;
  if (!doc.contains("kind") || !doc["kind"].is_string() || (doc["kind"] != "ridge" && doc["kind"] != "logistic"))
    return invalid_argument("model \"kind\" must be \"ridge\" or \"logistic\"");
  model.kind = doc["kind"].get<std::string>();
  if (Status s = read_json_string(doc, "version", &model.version); !s.ok())
    return Error{s.error().code, "model " + s.error().message};
  auto features = doc.find("features");
  auto coefficients = doc.find("coefficients");
  if (features == doc.end() || !features->is_array() || coefficients == doc.end() || !coefficients->is_array() ||
      features->size() != coefficients->size())
    return invalid_argument("model needs \"features\" and \"coefficients\" arrays of equal length");
  for (std::size_t i = 0; i < features->size(); ++i) {
    if (!(*features)[i].is_string()) return invalid_argument("model feature " + std::to_string(i) + " is not a name");
    if (!(*coefficients)[i].is_number())
      return invalid_argument("model coefficient " + std::to_string(i) + " is not a number");
    model.features.push_back((*features)[i].get<std::string>());
    model.coefficients.push_back((*coefficients)[i].get<double>());
  }
  Result<double> intercept = json_number(doc, "intercept", "model");
  if (!intercept.ok()) return intercept.error();
  model.intercept = intercept.value();
  // "dropped" (since 0.2.0): features left out of the fit; documents without it drop nothing.
  if (auto dropped = doc.find("dropped"); dropped != doc.end()) {
    if (!dropped->is_array()) return invalid_argument("model \"dropped\" must be a list of feature names");
    for (const auto& name : *dropped) {
      if (!name.is_string() ||
          std::find(model.features.begin(), model.features.end(), name.get<std::string>()) == model.features.end())
        return invalid_argument("model \"dropped\" names " + name.dump() + ", which is not one of its features");
      model.dropped.push_back(name.get<std::string>());
    }
  }
  // Keep params and metrics in their written order, so a round trip gives the same document.
  const auto ordered = parse_json_or_discarded<nlohmann::ordered_json>(text);
  if (ordered.contains("params")) model.params = ordered["params"];
  if (ordered.contains("metrics")) model.metrics = ordered["metrics"];
  if (ordered.contains("conformal")) {
    const auto& c = ordered["conformal"];
    if (!c.is_object() || !c.contains("half_width") || !c["half_width"].is_number() ||
        c["half_width"].get<double>() < 0)
      return invalid_argument("model conformal must be {\"coverage\", \"half_width\" >= 0, \"samples\"}");
    model.conformal = c;
  }
  if (ordered.contains("feature_spec")) {
    Result<FeatureSpec> spec = feature_spec_from_json(doc["feature_spec"]);
    if (!spec.ok()) return Error{spec.error().code, "model feature_spec: " + spec.error().message};
    if (!spec.value().fitted) return invalid_argument("model feature_spec has not been fitted");
    model.feature_spec = ordered["feature_spec"];
  }
  return model;
}

}  // namespace learnloop
